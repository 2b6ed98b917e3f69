using Xunit;

namespace OrleansScaling.TestSupport;

/// <summary>
/// Azurite (the Azure Storage emulator, npm package azurite) on 127.0.0.1 with free ports and in-memory persistence,
/// started once per test collection and killed with its process tree when the collection ends.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // Azurite's fixed development account (public, documented by Microsoft; it only works against the emulator).
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    private ChildProcess? _process;

    public int BlobPort { get; private set; }
    public int QueuePort { get; private set; }
    public int TablePort { get; private set; }

    /// <summary>Connection string for Azure SDK clients and the Orleans Azure providers.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{Account};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{Account};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{Account};";

    public async Task InitializeAsync()
    {
        var executable = Path.Combine(RepositoryPaths.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
            throw new InvalidOperationException(
                $"Azurite is not installed ({executable} is missing). Run `npm ci` in {RepositoryPaths.Root} once; scripts/test.sh does it for you.");

        var ports = FreePorts.Take(3);
        (BlobPort, QueuePort, TablePort) = (ports[0], ports[1], ports[2]);
        _process = ChildProcess.Start("azurite", executable,
        [
            "--blobHost", "127.0.0.1", "--blobPort", $"{BlobPort}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{QueuePort}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{TablePort}",
            "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
        ]);

        using var deadline = new CancellationTokenSource(StartDeadline);
        var exited = _process.WaitForExitAsync(deadline.Token);
        var listening = Task.WhenAll(new[] { BlobPort, QueuePort, TablePort }.Select(port => FreePorts.WaitUntilListeningAsync(port, deadline.Token)));
        var first = await Task.WhenAny(listening, exited);
        if (first == exited && _process.HasExited)
            throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before listening:{Environment.NewLine}{_process.Output}");
        if (!listening.IsCompletedSuccessfully)
            throw new TimeoutException($"Azurite did not listen on ports {BlobPort}/{QueuePort}/{TablePort} within {StartDeadline.TotalSeconds} s:{Environment.NewLine}{_process.Output}");
    }

    public async Task DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
    }
}
