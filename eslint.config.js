// @ts-check
import js from "@eslint/js"
import tseslint from "typescript-eslint"
import solid from "eslint-plugin-solid/configs/typescript"
import globals from "globals"

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
)
