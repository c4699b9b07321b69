/**
 * The files workload of the UI benchmark: the 10,000-card board with 500 attachments on it,
 * 100 of them images that are covers (on 100 cards spread over the lists) and 400 PDFs on
 * other cards, added in one change; and the cover images' bytes, small distinct PNGs.
 */
import * as A from "@automerge/automerge"
import { createHash } from "node:crypto"
import { crc32, deflateSync } from "node:zlib"
import { addAttachments } from "../src/model/attachments"
import type { Board } from "../src/model/index"

const COVERS = 100
const PDFS = 400

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, "ascii"), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

/** A solid-colour 160×90 PNG (RGB, one filter byte per row). */
function png(r: number, g: number, b: number): Uint8Array {
  const w = 160
  const h = 90
  const header = Buffer.alloc(13)
  header.writeUInt32BE(w, 0)
  header.writeUInt32BE(h, 4)
  header[8] = 8
  header[9] = 2
  const row = Buffer.alloc(1 + w * 3)
  for (let x = 0; x < w; x++) row.set([r, g, b], 1 + x * 3)
  const raw = Buffer.concat(Array.from({ length: h }, () => row))
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("IDAT", deflateSync(raw)),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  )
}

const sha = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex")

export function withAttachments(bytes: Uint8Array): { bytes: Uint8Array; covers: Uint8Array[] } {
  const covers = Array.from({ length: COVERS }, (_, i) => png(i * 2, 255 - i * 2, (i * 37) % 256))
  const at = "2026-11-01T00:00:00.000Z"
  let doc = A.load<Board>(bytes)
  doc = A.change(doc, (d) => {
    for (let i = 0; i < COVERS; i++) {
      const img = covers[i]!
      addAttachments(d, `card${i * 97}`, [
        {
          id: `cover${i}`,
          sha256: sha(img),
          name: `cover ${i}.png`,
          mime: "image/png",
          size: img.byteLength,
          addedBy: "ann",
          addedAt: at,
          kind: "image",
          width: 160,
          height: 90,
        },
      ])
    }
    for (let i = 0; i < PDFS; i++)
      addAttachments(d, `card${i * 23 + 5}`, [
        {
          id: `pdf${i}`,
          sha256: sha(new TextEncoder().encode(`pdf ${i}`)),
          name: `brief ${i}.pdf`,
          mime: "application/pdf",
          size: 120_000 + i,
          addedBy: "ann",
          addedAt: at,
          kind: "file",
        },
      ])
  })
  return { bytes: A.save(doc), covers }
}

export const FILES_WORKLOAD = `${COVERS + PDFS} attachments: ${COVERS} cover images (160×90 PNG, on the relay) on cards spread over the lists, ${PDFS} PDFs (records only)`
