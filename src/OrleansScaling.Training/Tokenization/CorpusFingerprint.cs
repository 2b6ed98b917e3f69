using System.Security.Cryptography;
using System.Text;
using OrleansScaling.Training.Corpora;

namespace OrleansScaling.Training.Tokenization;

/// <summary>
/// A hash of a corpus's file names and contents: the token cache's key, so an edited corpus is tokenized again.
/// Hashing LM1B's 4 GB takes seconds, so the result is remembered under the cache folder, keyed by every file's
/// path, size and modification time; a file that changes either is hashed afresh.
/// </summary>
internal static class CorpusFingerprint
{
    public static string Of(ICorpus corpus, string salt, string cacheDirectory)
    {
        string memo = MemoPath(corpus, salt, cacheDirectory);
        if (File.Exists(memo)) return File.ReadAllText(memo);

        string hash = ContentHash(corpus, salt);
        Directory.CreateDirectory(Path.GetDirectoryName(memo)!);
        string temporary = memo + "." + Guid.NewGuid().ToString("N");
        File.WriteAllText(temporary, hash);
        File.Move(temporary, memo, overwrite: true);
        return hash;
    }

    /// <summary>The fingerprint if it has been computed before (its memo is there), else null; never reads the corpus.</summary>
    public static string? Remembered(ICorpus corpus, string salt, string cacheDirectory)
    {
        string memo = MemoPath(corpus, salt, cacheDirectory);
        return File.Exists(memo) ? File.ReadAllText(memo) : null;
    }

    private static string MemoPath(ICorpus corpus, string salt, string cacheDirectory)
    {
        string stamp = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(salt + string.Concat(corpus.SourceFiles.Select(f =>
        {
            var info = new FileInfo(f);
            return $"{info.FullName}\0{info.Length}\0{info.LastWriteTimeUtc.Ticks}\n";
        })))));
        return Path.Combine(cacheDirectory, "fingerprints", stamp);
    }

    private static string ContentHash(ICorpus corpus, string salt)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(salt));
        byte[] buffer = new byte[1 << 16];
        foreach (string file in corpus.SourceFiles)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\0"));
            using FileStream stream = File.OpenRead(file);
            for (int read; (read = stream.Read(buffer)) > 0;) sha.AppendData(buffer, 0, read);
        }
        return Hex(sha.GetHashAndReset());
    }

    private static string Hex(byte[] hash) => Convert.ToHexString(hash)[..16].ToLowerInvariant();
}
