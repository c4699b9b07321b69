// @ts-check
import js from "@eslint/js"
import tseslint from "typescript-eslint"
import solid from "eslint-plugin-solid/configs/typescript"
import globals from "globals"
import baton from "./scripts/eslint/layers.js"

export default tseslint.config(
  {
    ignores: [
      "dist",
      "dev-dist",
      "data",
      "node_modules",
      "coverage",
      "e2e/screenshots",
      ".tmp",
      "bench/.cache",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  { files: ["src/ui/**/*.tsx", "src/ui/**/*.ts"], ...solid },
  {
    // The domain model is pure: no UI framework, no repo, no DOM.
    files: ["src/model/**/*.ts"],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["solid-js", "solid-js/*"], message: "src/model must not import Solid" },
            {
              group: ["@automerge/automerge-repo", "@automerge/automerge-repo*"],
              message: "src/model must not import automerge-repo",
            },
            { group: ["**/ui/**", "**/sync/**"], message: "src/model is the innermost layer" },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        "window",
        "document",
        "localStorage",
        "indexedDB",
        "navigator",
      ],
    },
  },
  // The layers, from the inside out: model (pure) <- shared <- sync <- session <- ui.
  // Tests may reach across to set things up; source may not.
  { plugins: { baton } },
  {
    files: ["src/model/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: { "baton/layers": ["error", { layer: "src/model", only: ["src/model"] }] },
  },
  {
    files: ["src/shared/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: { "baton/layers": ["error", { layer: "src/shared", only: ["src/shared"] }] },
  },
  {
    files: ["src/sync/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "baton/layers": [
        "error",
        { layer: "src/sync", forbid: ["src/ui", "src/session", "src/pwa", "solid-js"] },
      ],
    },
  },
  {
    files: ["src/session/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: { "baton/layers": ["error", { layer: "src/session", forbid: ["src/ui", "src/pwa"] }] },
  },
  {
    // The screens see the session (src/session), never the repo or the sync machinery.
    files: ["src/ui/**/*.ts", "src/ui/**/*.tsx"],
    ignores: ["**/*.test.ts"],
    rules: {
      "baton/layers": ["error", { layer: "src/ui", forbid: ["@automerge/", "src/sync"] }],
    },
  },
  {
    // The relay shares the model and src/shared with the client, nothing else. Its test
    // harnesses (test*.ts) start Baton's own client against it, as tests may.
    files: ["sync-server/**/*.ts"],
    ignores: ["**/*.test.ts", "sync-server/**/test[A-Z]*.ts"],
    rules: {
      "baton/layers": [
        "error",
        { layer: "sync-server", forbid: ["src/ui", "src/session", "src/sync", "src/pwa"] },
      ],
    },
  },
)
