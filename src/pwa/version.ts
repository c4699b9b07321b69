/**
 * The version of this build of Baton: `VITE_BATON_VERSION` at build time (e.g. a release
 * number or commit), else the package version. Shown in settings; lets a person (and the
 * update tests) see which build is running.
 */
export const BATON_VERSION: string =
  (import.meta.env.VITE_BATON_VERSION as string | undefined) ??
  (import.meta.env.MODE === "development" ? "dev" : "0.1.0")
