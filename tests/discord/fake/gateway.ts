/**
 * The gateway half of the fake: one `ws` server speaking Discord's JSON gateway protocol v10 (HELLO,
 * IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME with replay, RECONNECT, INVALID_SESSION).
 * Each session keeps a bounded buffer of what was dispatched to it, so a client that lost its socket
 * can RESUME from its last sequence number and receive what it missed, as on real Discord.
 */
import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayOpcodes } from 'discord.js';
import type {
  APIUser,
  ApplicationFlags,
  GatewayGuildCreateDispatchData,
  GatewayReadyDispatchData,
} from 'discord.js';
import { WebSocketServer, WebSocket } from 'ws';
import { Changes } from './changes.ts';

export type GatewayLogKind =
  | 'connect'
  | 'identify'
  | 'ready'
  | 'resume'
  | 'resumed'
  | 'invalid-session'
  | 'reconnect-request'
  | 'server-close'
  | 'client-close'
  | 'presence'
  | 'protocol-error';

export interface GatewayLogEntry {
  kind: GatewayLogKind;
  at: number;
  sessionId?: string;
  shard?: number;
  /** WebSocket close code, for the two close kinds. */
  code?: number;
  /** Events replayed, for `resumed`. */
  replayed?: number;
  detail?: string;
}

/**
 * What became of one dispatched event. `buffered`: the session's socket was down; it is replayed on
 * RESUME. `filtered`: the session did not identify with the intent Discord requires for the event,
 * so real Discord would never send it. `lost`: the session ended (or was replaced by a fresh
 * IDENTIFY) before the event reached the client, so it never will.
 */
export type Delivery = 'sent' | 'buffered' | 'replayed' | 'filtered' | 'lost';

export interface DispatchReceipt {
  readonly event: string;
  readonly shard: number;
  /** Absent when no session could take the event. */
  readonly sessionId: string | undefined;
  readonly seq: number | undefined;
  delivery: Delivery;
  /** Why the delivery is `filtered` or `lost`. */
  reason?: string;
}

interface BufferedDispatch {
  payload: { op: GatewayOpcodes.Dispatch; t: string; s: number; d: unknown };
  receipt: DispatchReceipt;
}

class Session {
  readonly id = randomBytes(16).toString('hex');
  seq = 0;
  readonly buffer: BufferedDispatch[] = [];
  socket: WebSocket | null = null;
  ended = false;
  constructor(
    readonly shard: number,
    readonly shardCount: number,
    readonly intents: number,
    readonly token: string,
  ) {}
}

export interface GatewayWorld {
  botUser: APIUser;
  applicationId: string;
  /** GUILD_CREATE payloads for the guilds that live on this shard. */
  guildsFor(shard: number, shardCount: number): GatewayGuildCreateDispatchData[];
}

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  shardCount: number;
  /** Per-session replay buffer; a RESUME from further back gets INVALID_SESSION, like Discord. */
  bufferLimit: number;
}

/** Which shard Discord routes a guild's events to. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export class FakeGateway {
  readonly log: GatewayLogEntry[] = [];
  readonly changes = new Changes();
  /** Filled in once the HTTP server listens; READY's `resume_gateway_url` points here. */
  url = '';
  /** Called when a buffered event becomes `lost`, so whoever waits on it can fail at once. */
  onLost: (receipt: DispatchReceipt) => void = () => {};
  readonly #server = new WebSocketServer({ noServer: true });
  readonly #sessions = new Map<string, Session>();
  /** The session each shard's events go to: the latest one to IDENTIFY. */
  readonly #current = new Map<number, Session>();
  /** Per open socket: the session it authenticated as, if any. */
  readonly #connections = new Map<WebSocket, { session: Session | null }>();

  constructor(
    readonly world: GatewayWorld,
    readonly options: GatewayOptions,
  ) {}

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#server.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, request));
  }

  /** Whether a client holds an open, authenticated socket for the shard. */
  isConnected(shard = 0): boolean {
    return this.#current.get(shard)?.socket?.readyState === WebSocket.OPEN;
  }

  /** Sends a dispatch to the shard's current session, or buffers it while that session's socket is down. */
  dispatch(event: string, data: unknown, shard = 0, requiredIntent?: { bit: number; name: string }): DispatchReceipt {
    const session = this.#current.get(shard);
    if (!session || session.ended) {
      return {
        event,
        shard,
        sessionId: undefined,
        seq: undefined,
        delivery: 'lost',
        reason: `no gateway session on shard ${shard}: log the client in (and wait for ClientReady) before dispatching`,
      };
    }
    if (requiredIntent && (session.intents & requiredIntent.bit) === 0) {
      return {
        event,
        shard,
        sessionId: session.id,
        seq: undefined,
        delivery: 'filtered',
        reason: `the client identified without the ${requiredIntent.name} intent, so Discord would not send it ${event}`,
      };
    }
    session.seq += 1;
    const payload = { op: GatewayOpcodes.Dispatch as const, t: event, s: session.seq, d: data };
    const receipt: DispatchReceipt = { event, shard, sessionId: session.id, seq: session.seq, delivery: 'buffered' };
    session.buffer.push({ payload, receipt });
    if (session.buffer.length > this.options.bufferLimit) session.buffer.shift();
    if (session.socket?.readyState === WebSocket.OPEN) {
      session.socket.send(JSON.stringify(payload));
      receipt.delivery = 'sent';
    }
    return receipt;
  }

  /** Destroys the shard's TCP connection without a close frame; the client sees 1006 and resumes. */
  terminate(shard = 0): string {
    const session = this.#requireConnected(shard);
    this.#record({ kind: 'server-close', sessionId: session.id, shard, code: 1006, detail: 'TCP connection destroyed' });
    session.socket!.terminate();
    session.socket = null;
    return session.id;
  }

  /** Closes the shard's socket with a close frame carrying `code` (1000 makes discord.js start afresh; 4004 stops it). */
  closeWith(code: number, shard = 0): string {
    const session = this.#requireConnected(shard);
    this.#record({ kind: 'server-close', sessionId: session.id, shard, code });
    session.socket!.close(code, 'closed by the fake Discord');
    session.socket = null;
    return session.id;
  }

  /** Sends op 7 RECONNECT: the client closes and resumes the session. */
  requestReconnect(shard = 0): string {
    const session = this.#requireConnected(shard);
    this.#record({ kind: 'reconnect-request', sessionId: session.id, shard });
    session.socket!.send(JSON.stringify({ op: GatewayOpcodes.Reconnect, d: null, s: null, t: null }));
    return session.id;
  }

  /** Sends op 9 INVALID_SESSION; with `resumable: false` the session ends and the client identifies anew. */
  invalidateSession(resumable: boolean, shard = 0): string {
    const session = this.#requireConnected(shard);
    const socket = session.socket!;
    if (!resumable) this.#end(session, 'the fake invalidated the session');
    // The client answers on the same socket, with RESUME or IDENTIFY, so the socket is unauthenticated again.
    this.#connections.get(socket)!.session = null;
    session.socket = null;
    this.#record({ kind: 'invalid-session', sessionId: session.id, shard, detail: `resumable: ${resumable}` });
    socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: resumable, s: null, t: null }));
    return session.id;
  }

  close(): Promise<void> {
    for (const socket of this.#connections.keys()) socket.terminate();
    this.changes.close('the fake Discord was closed');
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #requireConnected(shard: number): Session {
    const session = this.#current.get(shard);
    if (!session?.socket || session.socket.readyState !== WebSocket.OPEN) {
      throw new Error(`fake Discord: no client is connected on shard ${shard}; wait for ClientReady (or for the reconnect) first`);
    }
    return session;
  }

  #record(entry: Omit<GatewayLogEntry, 'at'>): void {
    this.log.push({ ...entry, at: Date.now() });
    this.changes.notify();
  }

  #end(session: Session, reason: string): void {
    session.ended = true;
    for (const { receipt } of session.buffer) {
      if (receipt.delivery === 'buffered') {
        receipt.delivery = 'lost';
        receipt.reason = reason;
        this.onLost(receipt);
      }
    }
  }

  #accept(ws: WebSocket, request: IncomingMessage): void {
    const connection: { session: Session | null } = { session: null };
    this.#connections.set(ws, connection);
    const query = new URL(request.url ?? '/', 'ws://fake').searchParams;
    this.#record({ kind: 'connect', detail: request.url ?? '' });
    let problem: [number, string] | null = null;
    if (query.get('v') !== '10') problem = [GatewayCloseCodes.InvalidAPIVersion, `the fake speaks gateway v10, the client asked for v=${query.get('v')}`];
    else if ((query.get('encoding') ?? 'json') !== 'json') problem = [GatewayCloseCodes.DecodeError, 'the fake speaks encoding=json only'];
    else if (query.has('compress')) problem = [GatewayCloseCodes.DecodeError, 'the fake does not implement compress=zlib-stream'];
    if (problem) {
      this.#record({ kind: 'protocol-error', detail: problem[1] });
      ws.close(problem[0], problem[1]);
      return;
    }

    const send = (payload: object): void => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(payload));
    };
    const fail = (code: number, detail: string): void => {
      this.#record({ kind: 'protocol-error', sessionId: connection.session?.id, shard: connection.session?.shard, detail });
      ws.close(code, detail.slice(0, 120));
    };

    ws.on('message', (raw, isBinary) => {
      if (isBinary) return fail(GatewayCloseCodes.DecodeError, 'binary frame on a json gateway');
      let payload: { op?: unknown; d?: unknown };
      try {
        payload = JSON.parse(raw.toString());
      } catch {
        return fail(GatewayCloseCodes.DecodeError, 'a frame that is not JSON');
      }
      const session = connection.session;
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          return send({ op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
        case GatewayOpcodes.Identify:
          if (session) return fail(GatewayCloseCodes.AlreadyAuthenticated, 'IDENTIFY on an authenticated socket');
          connection.session = this.#identify(ws, payload.d, fail);
          return;
        case GatewayOpcodes.Resume:
          if (session) return fail(GatewayCloseCodes.AlreadyAuthenticated, 'RESUME on an authenticated socket');
          connection.session = this.#resume(ws, payload.d, send, fail);
          return;
        case GatewayOpcodes.PresenceUpdate:
          if (!session) return fail(GatewayCloseCodes.NotAuthenticated, 'PRESENCE_UPDATE before IDENTIFY');
          this.#record({ kind: 'presence', sessionId: session.id, shard: session.shard, detail: JSON.stringify(payload.d) });
          return;
        default:
          if (!session) return fail(GatewayCloseCodes.NotAuthenticated, `op ${String(payload.op)} before IDENTIFY`);
          return fail(GatewayCloseCodes.UnknownOpcode, `op ${String(payload.op)} is not implemented by the fake Discord`);
      }
    });

    ws.on('close', (code) => {
      this.#connections.delete(ws);
      const current = connection.session;
      if (!current || current.socket !== ws) return;
      current.socket = null;
      this.#record({ kind: 'client-close', sessionId: current.id, shard: current.shard, code });
      // A client that closes normally is logging out; Discord ends the session then.
      if (code === 1000 || code === 1001) this.#end(current, `the client closed its session with code ${code}`);
    });
    ws.on('error', () => {
      // A reset connection is a normal event for the fake (fault tests cause them); 'close' follows.
    });

    send({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs }, s: null, t: null });
  }

  #identify(ws: WebSocket, data: unknown, fail: (code: number, detail: string) => void): Session | null {
    const d = (data ?? {}) as { token?: unknown; intents?: unknown; shard?: unknown };
    if (typeof d.token !== 'string' || d.token === '') {
      fail(GatewayCloseCodes.AuthenticationFailed, 'IDENTIFY without a token');
      return null;
    }
    if (typeof d.intents !== 'number') {
      fail(GatewayCloseCodes.InvalidIntents, 'IDENTIFY without intents');
      return null;
    }
    const [shard, shardCount] = Array.isArray(d.shard) ? (d.shard as [number, number]) : [0, 1];
    if (!(shardCount >= this.options.shardCount && shard >= 0 && shard < shardCount)) {
      fail(
        shardCount < this.options.shardCount ? GatewayCloseCodes.ShardingRequired : GatewayCloseCodes.InvalidShard,
        `IDENTIFY with shard [${shard}, ${shardCount}] but the fake requires ${this.options.shardCount} shard(s)`,
      );
      return null;
    }
    const session = new Session(shard, shardCount, d.intents, d.token);
    const previous = this.#current.get(shard);
    if (previous && !previous.ended) this.#end(previous, 'the client identified a new session instead of resuming');
    this.#sessions.set(session.id, session);
    this.#current.set(shard, session);
    session.socket = ws;
    this.#record({ kind: 'identify', sessionId: session.id, shard });

    const guilds = this.world.guildsFor(shard, shardCount);
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: this.world.botUser,
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.url,
      shard: [shard, shardCount],
      application: { id: this.world.applicationId, flags: 0 as ApplicationFlags, flags_new: '0' },
    };
    this.dispatch(GatewayDispatchEvents.Ready, ready, shard);
    this.#record({ kind: 'ready', sessionId: session.id, shard });
    for (const guild of guilds) this.dispatch(GatewayDispatchEvents.GuildCreate, guild, shard);
    return session;
  }

  #resume(ws: WebSocket, data: unknown, send: (payload: object) => void, fail: (code: number, detail: string) => void): Session | null {
    const d = (data ?? {}) as { token?: unknown; session_id?: unknown; seq?: unknown };
    const session = typeof d.session_id === 'string' ? this.#sessions.get(d.session_id) : undefined;
    this.#record({ kind: 'resume', sessionId: session?.id, shard: session?.shard, detail: `seq ${String(d.seq)}` });
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    const oldest = session?.buffer[0]?.payload.s ?? (session ? session.seq + 1 : 0);
    if (!session || session.ended || session.token !== d.token || seq + 1 < oldest || this.#current.get(session.shard) !== session) {
      this.#record({ kind: 'invalid-session', sessionId: session?.id, shard: session?.shard, detail: 'RESUME refused: unknown, ended or too old' });
      send({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return null;
    }
    if (seq > session.seq) {
      fail(GatewayCloseCodes.InvalidSeq, `RESUME from seq ${seq}, but the session only reached ${session.seq}`);
      return null;
    }
    // The old socket may still look open (op 7, or a half-open TCP connection); Discord drops it.
    if (session.socket && session.socket !== ws) session.socket.terminate();
    session.socket = ws;
    const missed = session.buffer.filter(({ payload }) => payload.s > seq);
    for (const { payload, receipt } of missed) {
      send(payload);
      receipt.delivery = 'replayed';
    }
    send({ op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Resumed, s: session.seq, d: {} });
    this.#record({ kind: 'resumed', sessionId: session.id, shard: session.shard, replayed: missed.length });
    return session;
  }
}
