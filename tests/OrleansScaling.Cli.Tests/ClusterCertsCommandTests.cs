using System.Security.Cryptography.X509Certificates;
using OrleansScaling.Cli.Commands;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Hosting.Tls;

namespace OrleansScaling.Cli.Tests;

/// <summary>`osc cluster certs`: a CA and certificates it issued, no cluster and no openssl needed.</summary>
public sealed class ClusterCertsCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("osc-certs-").FullName;

    [Fact]
    public async Task Writes_a_ca_and_silo_and_client_certificates_it_issued_and_refuses_to_replace_the_ca()
    {
        var (exit, _) = await Run("cluster", "certs", "--out", _directory, "--password", "pw");
        Assert.Equal(ExitCodes.Success, exit);

        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_directory, ClusterCertificates.CaCertificate)));
        foreach (var (file, usages) in new[] { (ClusterCertificates.Silo, new[] { "1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2" }), (ClusterCertificates.Client, ["1.3.6.1.5.5.7.3.2"]) })
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(_directory, file), "pw");
            Assert.True(certificate.HasPrivateKey, file);
            Assert.True(ClusterTls.IssuedBy(certificate, ca), $"{file} is not issued by the CA");
            var enhanced = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
            Assert.Equal(usages, enhanced.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
        }
        // A certificate from another CA is not accepted.
        var other = Directory.CreateTempSubdirectory("osc-certs-other-").FullName;
        ClusterCertificates.Create(other, null);
        using var stranger = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(other, ClusterCertificates.Client), null);
        Assert.False(ClusterTls.IssuedBy(stranger, ca));
        Directory.Delete(other, recursive: true);

        var (again, error) = await Run("cluster", "certs", "--out", _directory);
        Assert.Equal(ExitCodes.BadInput, again);
        Assert.Contains("already holds a cluster CA", error);
    }

    private static async Task<(int Exit, string Error)> Run(params string[] args)
    {
        var error = new StringWriter();
        var exit = await CommandRouter.RunAsync([new ClusterCommand(new OrleansClusterConnector(new OrleansScaling.Hosting.ScalingOptions()))], args, TextWriter.Null, error);
        return (exit, error.ToString());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
