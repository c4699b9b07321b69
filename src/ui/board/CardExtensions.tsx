/**
 * Mounts the components other parts of Baton registered for a card (badges on its tile,
 * sections in its dialog), once the board's live document is there.
 */
import { For, Show } from "solid-js"
import type { Component } from "solid-js"
import type { Card } from "../../model/types"
import type { CardContextProps } from "../extensions"
import { useBoard } from "./context"

export function CardExtensions(props: {
  parts: readonly Component<CardContextProps>[]
  card: Card
}) {
  const ctx = useBoard()
  return (
    <Show when={ctx.extensionHandle} keyed>
      {(handle) => (
        <For each={props.parts}>
          {(Part) => (
            <Part
              card={props.card}
              board={ctx.board}
              handle={handle}
              session={ctx.session}
              documentId={ctx.documentId}
              memberId={ctx.memberId()}
            />
          )}
        </For>
      )}
    </Show>
  )
}
