using System.Text;

namespace OrleansScaling.Grains.Storage;

/// <summary>One stored grain state: its ETag and the serialized state, read and written as one file.</summary>
/// <remarks>
/// Format: the ETag on the first line, then the serializer's bytes. Writes go to a temporary file in the same folder,
/// are flushed to disk, then renamed over the target, so a crash leaves either the old or the new state, never half.
/// </remarks>
internal sealed record GrainStateFile(string ETag, BinaryData Contents)
{
    private const byte Separator = (byte)'\n';

    public static async Task<GrainStateFile?> ReadAsync(string path)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var separatorAt = Array.IndexOf(bytes, Separator);
        if (separatorAt <= 0)
            throw new InvalidDataException($"Grain state file '{path}' has no ETag line; it is damaged. Restore it from a backup or delete it to reset that grain.");
        var eTag = Encoding.ASCII.GetString(bytes, 0, separatorAt);
        return new GrainStateFile(eTag, new BinaryData(bytes.AsMemory(separatorAt + 1)));
    }

    public async Task WriteAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(ETag));
                stream.WriteByte(Separator);
                await stream.WriteAsync(Contents.ToMemory());
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            // Only left behind when the write or the rename failed; the exception still propagates.
            File.Delete(temporary);
        }
    }
}
