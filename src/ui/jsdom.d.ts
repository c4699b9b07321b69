// Minimal typing of the part of jsdom (a dev dependency without bundled types) the UI tests use.
declare module "jsdom" {
  export class JSDOM {
    constructor(html?: string)
    readonly window: Window & typeof globalThis
  }
}
