/**
 * How big one bridge message may be. The largest message the contract (preload/api.ts) can
 * accept is a `decision:submit` of 1,000 item ids of up to 2,048 characters (ASCII resource
 * ids, each quoted and comma-separated) with a 2,000-character justification (at most 6 bytes
 * per character, when JSON escapes it), plus the envelope. Anything bigger could never be valid,
 * so `ws` refuses it with close code 1009 before buffering it.
 */
export const MAX_BRIDGE_MESSAGE_BYTES = 1000 * (2048 + 3) + 2000 * 6 + 1024;
