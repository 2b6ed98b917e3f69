using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using OrleansScaling.Cli.Tests.ClusterFakes;
using OrleansScaling.Hosting;
using OrleansScaling.Grains.Hosting;

namespace OrleansScaling.Cli.Tests;

/// <summary>
/// docker-compose.yml and the Dockerfiles, checked without a Docker engine: the file parses, every build context
/// and Dockerfile exists, the GPU reservation and health checks are there, and every setting it passes is one
/// the silo and the dashboard actually read.
/// </summary>
public sealed class ClusterComposeFileTests
{
    private static readonly string ComposePath = Path.Combine(Repository.Root, "docker-compose.yml");
    private readonly ComposeFile _compose = ComposeFile.Load(ComposePath);

    /// <summary>Settings sections bound to an options class: every key under them must be one of its properties.</summary>
    internal static readonly Dictionary<string, Type> BoundSections = new()
    {
        [ScalingOptions.Section] = typeof(ScalingOptions),
        [WorkerOptions.Section] = typeof(WorkerOptions),
        [SchedulerOptions.Section] = typeof(SchedulerOptions),
        [OrleansScaling.Hosting.Telemetry.MetricsOptions.Section] = typeof(OrleansScaling.Hosting.Telemetry.MetricsOptions),
        [OrleansScaling.Hosting.Tls.ClusterTls.Section] = typeof(OrleansScaling.Hosting.Tls.TlsSettings),
    };

    /// <summary>Keys the platform reads, not our code.</summary>
    internal static readonly string[] PlatformKeys = ["ASPNETCORE_URLS", "NVIDIA_DRIVER_CAPABILITIES"];

    [Fact]
    public void Declares_azurite_a_scalable_silo_and_the_dashboard()
    {
        Assert.Equal(["azurite", "dashboard", "silo"], _compose.Services.Keys.Order());
        // `--scale silo=N` needs a silo without a fixed container name or published host ports.
        Assert.False(_compose.Service("silo").ContainsKey("container_name"));
        Assert.False(_compose.Service("silo").ContainsKey("ports"));
    }

    [Fact]
    public void Every_built_service_has_an_existing_context_and_dockerfile_on_dotnet_10_noble()
    {
        foreach (var (name, _) in _compose.Services.Where(s => _compose.Service(s.Key).ContainsKey("build")))
        {
            var build = _compose.Service(name)["build"];
            var context = Path.GetFullPath(Path.Combine(Repository.Root, (string)ComposeFile.At(build, "context")!));
            var dockerfile = Path.Combine(context, (string)ComposeFile.At(build, "dockerfile")!);
            Assert.True(Directory.Exists(context), $"{name}: build context {context} does not exist");
            Assert.True(File.Exists(dockerfile), $"{name}: {dockerfile} does not exist");

            var text = File.ReadAllText(dockerfile);
            var images = Regex.Matches(text, @"^FROM\s+(\S+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
            Assert.All(images, image => Assert.Matches(@"^mcr\.microsoft\.com/dotnet/(sdk|runtime|aspnet):10\.0-noble$", image));
            var project = Regex.Match(text, @"dotnet publish (\S+\.csproj)").Groups[1].Value;
            Assert.True(File.Exists(Path.Combine(context, project)), $"{name}: publishes {project}, which does not exist");
            Assert.Contains($"\"dotnet\", \"{Path.GetFileNameWithoutExtension(project)}.dll\"", text);
        }
    }

    [Fact]
    public void The_silo_is_built_for_cuda_and_reserves_one_nvidia_gpu_per_replica()
    {
        var silo = _compose.Service("silo");
        Assert.Equal("cuda", ComposeFile.At(silo["build"], "args", "TORCH_DEVICE"));
        Assert.Contains("-p:TorchDevice=${TORCH_DEVICE}", File.ReadAllText(Path.Combine(Repository.Root, "silo", "Dockerfile")));

        var device = Assert.Single((List<object?>)ComposeFile.At(silo["deploy"], "resources", "reservations", "devices")!);
        Assert.Equal("nvidia", ComposeFile.At(device, "driver"));
        Assert.Equal("1", ComposeFile.At(device, "count")!.ToString());
        Assert.Contains("gpu", (List<object?>)ComposeFile.At(device, "capabilities")!);
    }

    [Fact]
    public void Every_service_has_a_health_check_and_every_named_volume_is_declared()
    {
        var declared = ComposeFile.Map(_compose.Root["volumes"]).Keys.ToHashSet();
        foreach (var (name, _) in _compose.Services)
        {
            var service = _compose.Service(name);
            Assert.True(service.ContainsKey("healthcheck"), $"{name} has no healthcheck");
            var volumes = service.GetValueOrDefault("volumes") as List<object?> ?? [];
            foreach (var source in volumes.Select(v => v!.ToString()!.Split(':')[0]).Where(s => !s.StartsWith('.') && !s.StartsWith('/')))
                Assert.True(declared.Contains(source), $"{name} mounts volume '{source}', which is not declared under volumes:");
        }
        Assert.NotEmpty(declared);
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("dashboard")]
    public void Every_setting_passed_to_a_service_is_one_it_reads(string service)
    {
        var environment = _compose.Environment(service);

        CheckSettings(service, environment);

        var scaling = Configuration(environment).GetSection(ScalingOptions.Section).Get<ScalingOptions>()!;
        Assert.Equal(ClusterMode.Cluster, scaling.Mode);
        scaling.Validate(); // what the silo checks at start: cluster mode has its connection string
    }

    [Theory]
    [InlineData("OrleansScaling__GatewayPrt", "30000")]
    [InlineData("OrleansScaling__Mode", "Clustr")]
    [InlineData("OrleansScaling__Workers__CpuSlot", "1")]
    [InlineData("OrleansScaling__Nonsense__Key", "1")]
    public void A_misspelt_setting_or_a_bad_value_fails_the_check(string key, string value)
    {
        var environment = new Dictionary<string, string>(_compose.Environment("silo")) { [key] = value };

        Assert.ThrowsAny<Exception>(() => CheckSettings("silo", environment));
    }

    /// <summary>Each key binds strictly to its options class, or is documented, or is a platform key.</summary>
    internal static void CheckSettings(string service, IReadOnlyDictionary<string, string> environment)
    {
        var documented = DocumentedKeys();
        foreach (var key in environment.Keys.Where(k => !PlatformKeys.Contains(k)))
        {
            var path = key.Replace("__", ":");
            var section = path.Contains(':') ? path[..path.LastIndexOf(':')] : "";
            if (BoundSections.ContainsKey(section)) continue; // bound strictly below
            Assert.True(documented.Contains(path), $"{service}: {key} is neither a property of a bound options class nor documented in docs/configuration.md, docs/dashboard.md or README.md");
        }
        var configuration = Configuration(environment);
        foreach (var (section, type) in BoundSections)
        {
            // Only the section's own keys: deeper sections bind to their own classes.
            var own = configuration.GetSection(section).GetChildren().Where(c => c.Value is not null).ToList();
            var flat = new ConfigurationBuilder().AddInMemoryCollection(own.Select(c => KeyValuePair.Create(c.Key, c.Value))).Build();
            // Throws on a key that is not a property (a typo) and on a value that does not convert (Mode=Clustr).
            flat.Get(type, o => o.ErrorOnUnknownConfiguration = true);
        }
    }

    internal static IConfiguration Configuration(IReadOnlyDictionary<string, string> environment) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":"), (string?)kv.Value)))
            .Build();

    [Fact]
    public void The_storage_connection_string_points_at_the_azurite_service()
    {
        var connection = _compose.Environment("silo")["OrleansScaling__StorageConnectionString"];

        Assert.Contains("TableEndpoint=http://azurite:10002/devstoreaccount1", connection);
        Assert.Contains("BlobEndpoint=http://azurite:10000/devstoreaccount1", connection);
        Assert.Equal(connection, _compose.Environment("dashboard")["OrleansScaling__StorageConnectionString"]);
        Assert.Contains("--location /data", (string)_compose.Service("azurite")["command"]!);
    }

    [Fact]
    public void The_docker_ignore_file_keeps_what_the_images_build_from()
    {
        var ignored = File.ReadAllLines(Path.Combine(Repository.Root, ".dockerignore"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Trim('/').Replace("**/", "")).ToHashSet();

        Assert.Contains("bin", ignored);
        Assert.Contains("obj", ignored);
        Assert.Contains("node_modules", ignored);
        foreach (var needed in new[] { "src", "silo", "dashboard", "Directory.Build.props", "Directory.Packages.props", "package.json", "package-lock.json" })
            Assert.DoesNotContain(needed, ignored);
    }

    /// <summary>Keys the configuration references (docs/configuration.md, docs/dashboard.md, README.md) document, as Section:Key paths.</summary>
    private static HashSet<string> DocumentedKeys()
    {
        var text = string.Concat(new[] { "docs/configuration.md", "docs/dashboard.md", "README.md" }
            .Select(f => Path.Combine(Repository.Root, f)).Where(File.Exists).Select(File.ReadAllText));
        return Regex.Matches(text, @"\b(?:OrleansScaling|Dashboard)(?:(?:__|:)\w+)+").Select(m => m.Value.Replace("__", ":")).ToHashSet();
    }
}
