using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansScaling.Hosting.Tls;

/// <summary>
/// A new cluster's certificates, made with .NET's own cryptography (no openssl): a CA (ECDSA P-256, 10 years), a silo
/// certificate (server and client authentication: silos connect to each other) and a client certificate (client
/// authentication), both issued by the CA and valid for 2 years.
/// </summary>
public static class ClusterCertificates
{
    public const string CaCertificate = "ca.crt", CaKeyPair = "ca.pfx", Silo = "silo.pfx", Client = "client.pfx";

    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1"), ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>Writes ca.crt, ca.pfx, silo.pfx and client.pfx into <paramref name="directory"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Create(string directory, string? password, string clusterName = "orleans-scaling")
    {
        Directory.CreateDirectory(directory);
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={clusterName} cluster CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        using var ca = caRequest.CreateSelfSigned(now, now.AddYears(10));

        var written = new List<string>
        {
            Write(directory, CaCertificate, ca.ExportCertificatePem()),
            Write(directory, CaKeyPair, ca.Export(X509ContentType.Pkcs12, password)),
            Write(directory, Silo, Issue(ca, $"CN={clusterName} silo", [ServerAuthentication, ClientAuthentication], now, password)),
            Write(directory, Client, Issue(ca, $"CN={clusterName} client", [ClientAuthentication], now, password)),
        };
        return written;
    }

    private static byte[] Issue(X509Certificate2 ca, string subject, Oid[] usages, DateTimeOffset now, string? password)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        var enhanced = new OidCollection();
        foreach (var usage in usages) enhanced.Add(usage);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(enhanced, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        using var issued = request.Create(ca, now, now.AddYears(2), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return withKey.Export(X509ContentType.Pkcs12, password);
    }

    private static string Write(string directory, string name, string text) => Write(directory, name, System.Text.Encoding.ASCII.GetBytes(text));

    private static string Write(string directory, string name, byte[] bytes)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, bytes);
        // Private keys: readable by the owner only.
        if (!OperatingSystem.IsWindows() && name.EndsWith(".pfx", StringComparison.Ordinal))
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }
}
