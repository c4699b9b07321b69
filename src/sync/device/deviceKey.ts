/**
 * This device's key pair for the relay's per-board authentication: ECDSA P-256, made by
 * WebCrypto with a non-extractable private key, kept in IndexedDB (a CryptoKey is stored as
 * itself; its private half can sign but can never be read out, not even by this page).
 */
import type { DeviceSigner } from "../transport/boardAuth"

const DB_NAME = "baton-device"
const STORE = "keys"
const KEY_ID = "device"

/** A new key pair; the private key cannot be exported. */
export async function newDeviceKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
    "sign",
    "verify",
  ])
}

export async function signerOf(keys: CryptoKeyPair): Promise<DeviceSigner> {
  const publicKey = new Uint8Array(await crypto.subtle.exportKey("raw", keys.publicKey))
  return {
    publicKey,
    sign: async (payload) =>
      new Uint8Array(
        await crypto.subtle.sign(
          { name: "ECDSA", hash: "SHA-256" },
          keys.privateKey,
          payload as Uint8Array<ArrayBuffer>,
        ),
      ),
  }
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"))
  })
}

/** This device's key pair from IndexedDB, made and stored the first time. */
export async function deviceKey(
  indexedDB: IDBFactory = globalThis.indexedDB,
): Promise<CryptoKeyPair> {
  const open = indexedDB.open(DB_NAME, 1)
  open.onupgradeneeded = () => open.result.createObjectStore(STORE)
  const db = await request(open)
  try {
    const stored = (await request(db.transaction(STORE).objectStore(STORE).get(KEY_ID))) as
      CryptoKeyPair | undefined
    if (stored?.privateKey && stored.publicKey) return stored
    const keys = await newDeviceKey()
    const tx = db.transaction(STORE, "readwrite")
    // add, not put: if another tab stored a key meanwhile, keep that one.
    const added = request(tx.objectStore(STORE).add(keys, KEY_ID)).then(
      () => true,
      () => false,
    )
    await new Promise<void>((resolve) => {
      tx.oncomplete = tx.onabort = tx.onerror = () => resolve()
    })
    if (await added) return keys
    return (await request(db.transaction(STORE).objectStore(STORE).get(KEY_ID))) as CryptoKeyPair
  } finally {
    db.close()
  }
}
