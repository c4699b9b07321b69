/** Shows Markdown text as HTML produced by the escaping renderer in `markdown.ts`. */
import { createMemo } from "solid-js"
import { renderMarkdown } from "./markdown"

export function Markdown(props: { text: string }) {
  const html = createMemo(() => renderMarkdown(props.text))
  // renderMarkdown escapes every character of the input and emits only its own tags.
  // eslint-disable-next-line solid/no-innerhtml
  return <div class="markdown" innerHTML={html()} />
}
