import { randomBytes } from 'node:crypto';

/*
 * Lower case only: Jitsi's client library refuses conference names with capitals and the web
 * app folds them, so a mixed-case name would not be the room the server (and mod_muc_size) knows.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Characters in a room name: 26 × 5 bits = 130 random bits. */
export const ROOM_NAME_LENGTH = 26;

/** Shape of every room name this plugin makes (also used to reject foreign input). */
export const ROOM_NAME_PATTERN = /^[a-z2-7]{26}$/;

/**
 * A fresh room name from the CSPRNG: 26 characters of `a-z2-7`, 130 random bits. It carries
 * nothing about the clinic, the patient or the appointment.
 */
export function randomRoomName(): string {
  const bytes = randomBytes(ROOM_NAME_LENGTH);
  let name = '';
  // 256 is a multiple of 32, so masking the low five bits keeps every letter equally likely.
  for (const byte of bytes) name += ALPHABET[byte & 31];
  return name;
}
