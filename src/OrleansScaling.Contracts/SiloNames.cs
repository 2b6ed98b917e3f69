using System.Text.RegularExpressions;

namespace OrleansScaling.Contracts;

/// <summary>How tables show a silo: "127.0.0.1:11111" rather than Orleans' "S127.0.0.1:11111:155004591".</summary>
public static partial class SiloNames
{
    /// <summary>host:port of an Orleans silo address; anything else unchanged.</summary>
    public static string HostPort(string silo) => SiloAddress().Match(silo) is { Success: true } m ? m.Groups[1].Value : silo;

    // S{host}:{port}:{generation}; the host may be an IPv6 address in brackets.
    [GeneratedRegex(@"^S(.+:\d+):\d+$")]
    private static partial Regex SiloAddress();
}
