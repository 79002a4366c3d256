import type { ScanResult } from './decide.js';

/**
 * Sound and vibration for a result, generated in code (no audio files): one high beep for ok,
 * two middle beeps for already in, a low buzz for a refusal. The AudioContext is created on the
 * first user gesture (browsers refuse sound before one).
 */
let audio: AudioContext | null = null;

/** Call from a click or key handler: unlocks sound. */
export function unlockAudio(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    audio = null;
  }
}

function tone(ctx: AudioContext, start: number, freq: number, seconds: number, type: OscillatorType): void {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = type;
  osc.frequency.value = freq;
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.3, start + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + seconds);
  osc.connect(gain).connect(ctx.destination);
  osc.start(start);
  osc.stop(start + seconds + 0.02);
}

/** Beeps and vibrates for a result. Never throws. */
export function signal(result: ScanResult): void {
  const kind = result === 'ok' ? 'ok' : result === 'already_checked_in' ? 'warn' : 'error';
  try {
    navigator.vibrate?.(kind === 'ok' ? 80 : kind === 'warn' ? [120, 80, 120] : [400]);
  } catch {
    /* not supported */
  }
  if (!audio || audio.state !== 'running') return;
  const t = audio.currentTime + 0.01;
  if (kind === 'ok') tone(audio, t, 1320, 0.12, 'sine');
  else if (kind === 'warn') {
    tone(audio, t, 660, 0.12, 'triangle');
    tone(audio, t + 0.18, 660, 0.12, 'triangle');
  } else tone(audio, t, 180, 0.45, 'square');
}
