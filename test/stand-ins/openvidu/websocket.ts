import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/*
 * Just enough of a WebSocket server (RFC 6455) for openvidu-browser's JSON-RPC: the upgrade
 * handshake, unfragmented text frames, ping/pong and close. No extensions, no fragmentation.
 */

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** One accepted WebSocket. */
export interface MiniWebSocket {
  send(text: string): void;
  close(): void;
  onMessage(handler: (text: string) => void): void;
  onClose(handler: () => void): void;
}

/** Completes the upgrade handshake on `socket`; undefined (socket destroyed) when the request is not a WebSocket upgrade. */
export function acceptWebSocket(req: IncomingMessage, socket: Duplex): MiniWebSocket | undefined {
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || (req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
    socket.destroy();
    return undefined;
  }
  const accept = createHash('sha1')
    .update(key + GUID)
    .digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);

  let buffered = Buffer.alloc(0);
  let messageHandler: (text: string) => void = () => undefined;
  const closeHandlers: Array<() => void> = [];
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    for (const handler of closeHandlers) handler();
  };
  const writeFrame = (opcode: number, payload: Buffer) => {
    if (socket.destroyed) return;
    const length = payload.length;
    const header = length < 126 ? Buffer.alloc(2) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    if (length < 126) header[1] = length;
    else if (length < 65536) {
      header[1] = 126;
      header.writeUInt16BE(length, 2);
    } else {
      header[1] = 127;
      header.writeBigUInt64BE(BigInt(length), 2);
    }
    socket.write(Buffer.concat([header, payload]));
  };

  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      const frame = readFrame(buffered);
      if (!frame) break;
      buffered = buffered.subarray(frame.size);
      if (frame.opcode === 0x1) messageHandler(frame.payload.toString('utf8'));
      else if (frame.opcode === 0x9) writeFrame(0xa, frame.payload);
      else if (frame.opcode === 0x8) {
        writeFrame(0x8, frame.payload.subarray(0, 2));
        socket.end();
        finish();
      }
    }
  });
  socket.on('close', finish);
  socket.on('error', finish);

  return {
    send: (text) => writeFrame(0x1, Buffer.from(text, 'utf8')),
    close: () => {
      writeFrame(0x8, Buffer.from([0x03, 0xe8]));
      socket.end();
      finish();
    },
    onMessage: (handler) => {
      messageHandler = handler;
    },
    onClose: (handler) => void closeHandlers.push(handler),
  };
}

/** One complete frame at the start of `data` (client frames are masked), or undefined if more bytes are needed. */
function readFrame(data: Buffer): { opcode: number; payload: Buffer; size: number } | undefined {
  if (data.length < 2) return undefined;
  const opcode = data[0]! & 0x0f;
  const masked = (data[1]! & 0x80) !== 0;
  let length = data[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return undefined;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return undefined;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  const maskOffset = offset;
  if (masked) offset += 4;
  if (data.length < offset + length) return undefined;
  const payload = Buffer.from(data.subarray(offset, offset + length));
  if (masked) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ data[maskOffset + (i % 4)]!;
  return { opcode, payload, size: offset + length };
}
