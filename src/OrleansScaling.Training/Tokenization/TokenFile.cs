using System.IO.MemoryMappedFiles;

namespace OrleansScaling.Training.Tokenization;

/// <summary>A read-only, memory-mapped file of 16-bit token ids: the corpus is read from the page cache, never loaded whole.</summary>
public sealed class TokenFile : IDisposable
{
    private readonly MemoryMappedFile? file;
    private readonly MemoryMappedViewAccessor? view;

    public TokenFile(string path)
    {
        Path = path;
        Length = new FileInfo(path).Length / sizeof(ushort);
        if (Length == 0) return; // an empty file cannot be mapped, and there is nothing to read
        file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
    }

    public string Path { get; }

    /// <summary>Number of tokens.</summary>
    public long Length { get; }

    /// <summary>Copies tokens [start, start + destination.Length) as int64 ids (what embedding lookups take).</summary>
    public void Read(long start, Span<long> destination)
    {
        Span<ushort> tokens = destination.Length <= 4096 ? stackalloc ushort[destination.Length] : new ushort[destination.Length];
        ReadRaw(start, tokens);
        for (int i = 0; i < tokens.Length; i++) destination[i] = tokens[i];
    }

    /// <summary>Copies tokens [start, start + destination.Length) as stored (16-bit ids), straight from the mapping.</summary>
    public void ReadRaw(long start, Span<ushort> destination)
    {
        if (start < 0 || start + destination.Length > Length)
            throw new ArgumentOutOfRangeException(nameof(start), $"tokens [{start}, {start + destination.Length}) are outside the file's {Length} tokens.");
        if (destination.Length == 0) return;
        view!.SafeMemoryMappedViewHandle.ReadSpan((ulong)(view.PointerOffset + start * sizeof(ushort)), destination);
    }

    public void Dispose()
    {
        view?.Dispose();
        file?.Dispose();
    }
}
