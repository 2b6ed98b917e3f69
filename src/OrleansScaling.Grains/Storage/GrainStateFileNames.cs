using System.Security.Cryptography;
using System.Text;

namespace OrleansScaling.Grains.Storage;

/// <summary>
/// Maps (state name, grain id) to a file path that is valid on every file system, whatever characters the grain key
/// holds: a readable, sanitised prefix for people browsing the data folder, and a hash of the exact id so two ids
/// that sanitise to the same prefix still get different files.
/// </summary>
public static class GrainStateFileNames
{
    // Well below the 255-byte limit of ext4, NTFS and APFS once the hash and extension are added.
    private const int MaxReadablePrefixLength = 80;

    public static string PathFor(string directory, string stateName, GrainId grainId)
    {
        var grainType = grainId.Type.ToString() ?? "grain";
        var key = grainId.Key.ToString() ?? "";
        var hash = Hash($"{stateName}\n{grainType}\n{key}");
        var fileName = $"{Sanitise(stateName)}-{Sanitise(key)}-{hash}.state";
        return Path.Combine(directory, Sanitise(grainType), fileName);
    }

    private static string Sanitise(string text)
    {
        var safe = new StringBuilder(Math.Min(text.Length, MaxReadablePrefixLength));
        foreach (var c in text)
        {
            if (safe.Length == MaxReadablePrefixLength) break;
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }
        return safe.Length == 0 ? "_" : safe.ToString();
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 8);
}
