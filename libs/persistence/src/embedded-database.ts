import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedDatabase {
  /** A `postgres://` URL the normal `pg` driver connects to. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL in this process (PGlite, a WebAssembly build), with its data in
 * `directory`, served on 127.0.0.1 through pglite-socket so that TypeORM and
 * BullMQ connect with the ordinary `pg` driver. For trying the platform on one
 * machine; deployments use a PostgreSQL server.
 *
 * PGlite has one session, shared by every socket connection: a transaction
 * holds it until it ends, and `SET` applies to everyone. So the search path
 * is set here, once, to our schema and BullMQ's, and the queue's own
 * `search_path` startup option (which the socket ignores) is not relied on.
 * For the same reason, see `keepExtendedQueriesWhole`.
 */
export async function startEmbeddedDatabase(directory: string): Promise<EmbeddedDatabase> {
  mkdirSync(directory, { recursive: true });
  const db = await PGlite.create(directory, { extensions: { btree_gist } });
  await db.exec(`CREATE SCHEMA IF NOT EXISTS bullmq; SET search_path TO public, bullmq`);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 64 });
  keepExtendedQueriesWhole(server);
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres@${address}/postgres`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

type Enqueue = (handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void) => Promise<number>;

/** Parse, Bind, Describe, Execute, Close: the parts of one extended-protocol query, which ends with Sync. */
const EXTENDED_PARTS = new Set(['P', 'B', 'D', 'E', 'C'].map((c) => c.charCodeAt(0)));

/**
 * pglite-socket queues each protocol message on its own, so outside a
 * transaction the Parse of one connection may be followed by the Bind of
 * another in PGlite's single session, and a query then fails ("unnamed
 * prepared statement does not exist") or answers another. Here the parts of an
 * extended query are held per connection until its Sync and queued as one
 * unit, which PGlite runs without interruption.
 */
function keepExtendedQueriesWhole(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue: { enqueue: Enqueue } }).queryQueue;
  const enqueue: Enqueue = queue.enqueue.bind(queue);
  const held = new Map<number, Uint8Array[]>();
  queue.enqueue = (handlerId, message, onData) => {
    const parts = held.get(handlerId) ?? [];
    if (EXTENDED_PARTS.has(message[0])) {
      parts.push(message);
      held.set(handlerId, parts);
      return Promise.resolve(0);
    }
    held.delete(handlerId);
    if (parts.length === 0) return enqueue(handlerId, message, onData);
    return enqueue(handlerId, Buffer.concat([...parts, message]), onData);
  };
}
