// MSBuild inline task (see TorchSharpNativeShim.targets): copies a 64-bit little-endian ELF shared library and marks
// one symbol-version requirement (a vernaux entry of .gnu.version_r) VER_FLG_WEAK, so the dynamic loader accepts
// the library when that version is missing from the system. Nothing else in the file changes.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class MarkElfVersionNeedWeak : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const byte VerFlgWeak = 0x2;

    [Required] public string SourceFile { get; set; } = "";
    [Required] public string DestinationFile { get; set; } = "";
    [Required] public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        byte[] elf = File.ReadAllBytes(SourceFile);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1)
        {
            Log.LogError($"{SourceFile} is not a 64-bit little-endian ELF file; cannot mark {VersionName} weak.");
            return false;
        }
        int patched = MarkWeak(elf);
        if (patched == 0)
        {
            Log.LogError($"{SourceFile} has no requirement on {VersionName}; the TorchSharp native shim no longer applies (set TorchSharpWeakGlibcxxVersion or remove the shim).");
            return false;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(DestinationFile)!);
        File.WriteAllBytes(DestinationFile, elf);
        Log.LogMessage(MessageImportance.High,
            $"TorchSharp shim: marked {VersionName} weak in {Path.GetFileName(DestinationFile)} (this system's libstdc++ lacks it).");
        return true;
    }

    // Walks section headers to .gnu.version_r, then each Verneed and its Vernaux chain; returns entries marked.
    private int MarkWeak(byte[] elf)
    {
        long sectionHeaders = (long)U64(elf, 0x28);
        int entrySize = U16(elf, 0x3A), count = U16(elf, 0x3C);
        int marked = 0;
        for (int i = 0; i < count; i++)
        {
            int header = checked((int)(sectionHeaders + (long)i * entrySize));
            if (U32(elf, header + 4) != ShtGnuVerneed) continue;
            int offset = checked((int)U64(elf, header + 0x18));
            int stringsHeader = checked((int)(sectionHeaders + (long)U32(elf, header + 0x28) * entrySize));
            int strings = checked((int)U64(elf, stringsHeader + 0x18));
            uint needCount = U32(elf, header + 0x2C);
            int need = offset;
            for (uint n = 0; n < needCount; n++)
            {
                int aux = need + (int)U32(elf, need + 8);
                for (int a = 0; a < U16(elf, need + 2); a++)
                {
                    if (ReadString(elf, strings + (int)U32(elf, aux + 8)) == VersionName)
                    {
                        elf[aux + 4] |= VerFlgWeak; // vna_flags is little-endian; the weak bit is in its low byte
                        marked++;
                    }
                    aux += (int)U32(elf, aux + 12);
                }
                need += (int)U32(elf, need + 12);
            }
        }
        return marked;
    }

    private static ushort U16(byte[] b, int at) => BitConverter.ToUInt16(b, at);
    private static uint U32(byte[] b, int at) => BitConverter.ToUInt32(b, at);
    private static ulong U64(byte[] b, int at) => BitConverter.ToUInt64(b, at);

    private static string ReadString(byte[] b, int at)
    {
        int end = Array.IndexOf(b, (byte)0, at);
        return Encoding.ASCII.GetString(b, at, end - at);
    }
}
