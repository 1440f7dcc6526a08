// Names the format and processor of a native binary from its headers' magic numbers, as `file` does: ELF
// (e_machine), Mach-O (cputype, and each slice of a universal binary) and PE (the COFF header's Machine).

const ELF_MACHINES: Record<number, string> = { 0x3e: 'x86-64', 0xb7: 'aarch64' };
const MACHO_CPUS: Record<number, string> = { 0x01000007: 'x86-64', 0x0100000c: 'arm64' };
const PE_MACHINES: Record<number, string> = { 0x8664: 'x86-64', 0xaa64: 'ARM64' };

const named = (table: Record<number, string>, value: number) =>
  table[value] ?? `unknown 0x${value.toString(16)}`;

/**
 * "ELF x86-64", "Mach-O arm64", "Mach-O universal x86-64+arm64", "PE x86-64", …; undefined when the bytes are none
 * of these formats. `head` needs only the file's first few kilobytes.
 */
export function binaryFormat(head: Buffer): string | undefined {
  if (head.length >= 20 && head.readUInt32BE(0) === 0x7f454c46) {
    // Only 64-bit little-endian objects are published (EI_CLASS 2, EI_DATA 1).
    if (head[4] !== 2 || head[5] !== 1) {
      return 'ELF (not 64-bit little-endian)';
    }
    return `ELF ${named(ELF_MACHINES, head.readUInt16LE(18))}`;
  }
  if (head.length >= 8 && head.readUInt32LE(0) === 0xfeedfacf) {
    return `Mach-O ${named(MACHO_CPUS, head.readUInt32LE(4))}`;
  }
  if (head.length >= 8 && head.readUInt32BE(0) === 0xcafebabe) {
    // A universal (fat) binary: big-endian header, then one 20-byte fat_arch per slice.
    const slices = Array.from({ length: head.readUInt32BE(4) }, (_, i) =>
      named(MACHO_CPUS, head.readUInt32BE(8 + 20 * i)),
    );
    return `Mach-O universal ${slices.join('+')}`;
  }
  if (head.length >= 0x40 && head.toString('latin1', 0, 2) === 'MZ') {
    const pe = head.readUInt32LE(0x3c);
    if (head.length >= pe + 6 && head.toString('latin1', pe, pe + 4) === 'PE\0\0') {
      return `PE ${named(PE_MACHINES, head.readUInt16LE(pe + 4))}`;
    }
  }
  return undefined;
}
