// An inventory key that the API refused: which side (legacy v2 or v3) and why, so the CLI can
// name the variable or file that holds it.
import { AuthError } from '../errors.js';

export type InventorySide = 'legacy' | 'v3';

export class InventoryAuthError extends AuthError {
  readonly side: InventorySide;
  readonly status: number;
  readonly missingPermission: string | null;
  constructor(side: InventorySide, status: number, missingPermission: string | null, message: string, hint: string, cause?: unknown) {
    super(message, { hint, cause });
    this.side = side;
    this.status = status;
    this.missingPermission = missingPermission;
  }
}
