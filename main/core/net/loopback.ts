/**
 * Which host names mean "this machine": the only places plain http, the simulator and the
 * preview may live. One definition for the ARM endpoint rule, the simulator and the preview.
 */

/** A host name or IP literal (brackets allowed for IPv6) that is loopback. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const octets = host.split('.');
  return octets.length === 4 && octets[0] === '127' && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
}

/** The host name of an HTTP Host header ("127.0.0.1:8080", "[::1]:80"), without the port. */
export function hostOfHeader(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  if (hostHeader.startsWith('[')) {
    const end = hostHeader.indexOf(']');
    return end > 0 ? hostHeader.slice(0, end + 1) : null;
  }
  return hostHeader.split(':')[0] ?? null;
}

/**
 * True when a request's Host header names loopback: a web page cannot then reach a local
 * server through DNS rebinding even though it listens on a local port.
 */
export function isLoopbackHostHeader(hostHeader: string | undefined): boolean {
  const host = hostOfHeader(hostHeader);
  return host !== null && isLoopbackHost(host);
}
