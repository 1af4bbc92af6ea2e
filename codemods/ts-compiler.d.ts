// Types for the compiler file ts.cts loads: the file ships without a .d.ts beside it, and its
// types are those ts-morph re-exports as `ts`.
declare module '@ts-morph/common/dist/typescript.js' {
  import { ts } from 'ts-morph';
  export = ts;
}
