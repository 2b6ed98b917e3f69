using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace OrleansScaling.Hosting.Tls;

/// <summary>
/// Loads a node's TLS certificate and the cluster CA, and the one rule both sides apply: a peer's certificate must chain
/// to the cluster's own CA (host names are not checked: silos meet by IP address).
/// </summary>
public static class ClusterTls
{
    public const string Section = ScalingOptions.Section + ":Tls";

    /// <summary>Configures Orleans' TLS options: our certificate, a required peer certificate, issued by our CA.</summary>
    public static void Configure(TlsOptions options, TlsSettings settings)
    {
        var (certificate, ca) = Load(settings);
        options.LocalCertificate = certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (peer, _, _) => IssuedBy(peer, ca);
    }

    /// <summary>This node's certificate (with its private key) and the CA's, or an <see cref="InvalidSettingException"/> naming the setting.</summary>
    public static (X509Certificate2 Certificate, X509Certificate2 Ca) Load(TlsSettings settings)
    {
        var certificatePath = Existing(settings.CertificatePath, "CertificatePath");
        var caPath = Existing(settings.CaCertificatePath, "CaCertificatePath");
        X509Certificate2 certificate, ca;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, settings.CertificatePassword);
        }
        catch (CryptographicException e)
        {
            throw new InvalidSettingException($"{Section}:CertificatePath {certificatePath} could not be read as a .pfx ({e.Message.TrimEnd('.')}); " +
                $"check {Section}:CertificatePassword, or create the files with `osc cluster certs --out DIR`.", e);
        }
        if (!certificate.HasPrivateKey)
            throw new InvalidSettingException($"{Section}:CertificatePath {certificatePath} holds no private key; use the .pfx `osc cluster certs` wrote.");
        try
        {
            ca = X509Certificate2.CreateFromPem(File.ReadAllText(caPath));
        }
        catch (CryptographicException e)
        {
            throw new InvalidSettingException($"{Section}:CaCertificatePath {caPath} is not a PEM certificate ({e.Message.TrimEnd('.')}); use the ca.crt `osc cluster certs` wrote.", e);
        }
        if (!IssuedBy(certificate, ca))
            throw new InvalidSettingException($"{Section}:CertificatePath {certificatePath} was not issued by the CA in {Section}:CaCertificatePath {caPath}: use files from the same `osc cluster certs` folder.");
        return (certificate, ca);
    }

    /// <summary>True when <paramref name="certificate"/> chains to <paramref name="ca"/> and to nothing else.</summary>
    public static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate) && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span);
    }

    private static string Existing(string? path, string key)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new InvalidSettingException($"{Section}:{key} is empty but {Section}:CertificatePath is set: set both " +
                $"(environment OrleansScaling__Tls__{key}); `osc cluster certs --out DIR` creates the files.");
        if (!File.Exists(path))
            throw new InvalidSettingException($"{Section}:{key} names {path}, which does not exist; `osc cluster certs --out DIR` creates the files.");
        return path;
    }
}
