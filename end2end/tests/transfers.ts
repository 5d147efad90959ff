import type { CDPSession, Page } from '@playwright/test';

/** One response as the browser received it. */
export interface Transfer {
  url: string;
  /** Bytes that came over the network (headers included); 0 when served from cache. */
  bytes: number;
  fromCache: boolean;
  headers: Record<string, string>;
}

/**
 * Every response a Chromium page receives, read from the DevTools protocol: the
 * bytes on the wire (compressed), whether the cache served it, and its headers.
 */
export class Transfers {
  private byRequest = new Map<string, Transfer>();
  /** Chromium may say a request is served from its cache before its response arrives. */
  private servedFromCache = new Set<string>();

  private constructor(private readonly session: CDPSession) {}

  static async record(page: Page): Promise<Transfers> {
    const session = await page.context().newCDPSession(page);
    const transfers = new Transfers(session);
    session.on('Network.responseReceived', (event) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(event.response.headers)) {
        headers[name.toLowerCase()] = String(value);
      }
      transfers.byRequest.set(event.requestId, {
        url: event.response.url,
        bytes: 0,
        fromCache: Boolean(
          event.response.fromDiskCache ||
            event.response.fromPrefetchCache ||
            transfers.servedFromCache.has(event.requestId),
        ),
        headers,
      });
    });
    session.on('Network.requestServedFromCache', (event) => {
      transfers.servedFromCache.add(event.requestId);
      const transfer = transfers.byRequest.get(event.requestId);
      if (transfer) transfer.fromCache = true;
    });
    session.on('Network.loadingFinished', (event) => {
      const transfer = transfers.byRequest.get(event.requestId);
      if (transfer) transfer.bytes = event.encodedDataLength;
    });
    await session.send('Network.enable');
    return transfers;
  }

  all(): Transfer[] {
    return [...this.byRequest.values()];
  }

  /** The bundle's files: script, WebAssembly and stylesheet. */
  bundle(): Transfer[] {
    return this.all().filter((t) => new URL(t.url).pathname.startsWith('/pkg/'));
  }

  bytes(transfers = this.all()): number {
    return transfers.reduce((sum, t) => sum + t.bytes, 0);
  }

  /** Forgets what was received so far. */
  clear() {
    this.byRequest.clear();
    this.servedFromCache.clear();
  }
}
