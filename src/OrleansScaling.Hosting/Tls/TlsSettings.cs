namespace OrleansScaling.Hosting.Tls;

/// <summary>
/// Mutual TLS for cluster mode (section "OrleansScaling:Tls"): this process's certificate (PKCS#12 with its private
/// key) and the cluster CA's certificate (PEM). Silos and clients accept a peer only when its certificate was issued by
/// that CA. `osc cluster certs --out DIR` creates all three files.
/// </summary>
public sealed class TlsSettings
{
    /// <summary>This silo's or client's certificate with its private key (.pfx), e.g. DIR/silo.pfx or DIR/client.pfx.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The .pfx file's password; empty when it has none.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The cluster CA's certificate (PEM), e.g. DIR/ca.crt: peers must present a certificate it issued.</summary>
    public string? CaCertificatePath { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
