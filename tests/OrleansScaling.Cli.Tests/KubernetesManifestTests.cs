using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using OrleansScaling.Cli.Tests.ClusterFakes;
using OrleansScaling.Hosting;
using OrleansScaling.Hosting.Telemetry;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace OrleansScaling.Cli.Tests;

/// <summary>
/// deploy/kubernetes and deploy/grafana checked without a cluster: every manifest parses, the silo asks for one NVIDIA
/// GPU per pod and has probes, images are the ones docker-compose.yml builds, ports agree with the settings, every
/// setting passed to a pod is one the code reads, and every metric the Grafana dashboard queries is one the code emits.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Folder = Path.Combine(Repository.Root, "deploy", "kubernetes");
    private readonly List<Dictionary<object, object?>> _documents = Load();

    [Fact]
    public void Kustomization_lists_every_manifest_and_each_has_a_kind_and_the_namespace()
    {
        var kustomization = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object?>>(
            File.ReadAllText(Path.Combine(Folder, "kustomization.yaml")));
        var listed = ((List<object?>)kustomization["resources"]!).Select(r => r!.ToString()).Order();
        var files = Directory.EnumerateFiles(Folder, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order();
        Assert.Equal(files, listed);
        foreach (var document in _documents.Where(d => (string)d["kind"]! != "Namespace"))
            Assert.Equal("orleans-scaling", ComposeFile.At(document, "metadata", "namespace"));
    }

    [Fact]
    public void The_silo_takes_one_nvidia_gpu_per_pod_advertises_its_pod_ip_and_has_probes()
    {
        var silo = Container("orleans-scaling-silo");
        Assert.Equal("1", ComposeFile.At(silo, "resources", "limits", "nvidia.com/gpu")?.ToString());
        Assert.Equal("status.podIP", ComposeFile.At(EnvEntry(silo, "OrleansScaling__AdvertisedAddress"), "valueFrom", "fieldRef", "fieldPath"));
        foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
            Assert.NotNull(ComposeFile.At(silo, probe));
        Assert.Equal("0", Environment("orleans-scaling-silo")["OrleansScaling__Workers__CpuSlots"]);
    }

    [Fact]
    public void Images_are_the_ones_compose_builds_and_container_ports_match_the_settings()
    {
        var compose = ComposeFile.Load(Path.Combine(Repository.Root, "docker-compose.yml"));
        Assert.Equal($"{compose.Service("silo")["image"]}:latest", ComposeFile.At(Container("orleans-scaling-silo"), "image"));
        Assert.Equal($"{compose.Service("dashboard")["image"]}:latest", ComposeFile.At(Container("orleans-scaling-dashboard"), "image"));

        var silo = Environment("orleans-scaling-silo");
        var ports = Ports(Container("orleans-scaling-silo"));
        Assert.Equal(int.Parse(silo["OrleansScaling__SiloPort"]), ports["silo"]);
        Assert.Equal(int.Parse(silo["OrleansScaling__GatewayPort"]), ports["gateway"]);
        Assert.Equal(int.Parse(silo["OrleansScaling__Metrics__Port"]), ports["metrics"]);
        Assert.Equal("*", silo["OrleansScaling__Metrics__Host"]); // Prometheus scrapes the pod IP
        Assert.Equal(int.Parse(Environment("orleans-scaling-dashboard")["ASPNETCORE_URLS"].Split(':')[^1]), Ports(Container("orleans-scaling-dashboard"))["http"]);
        foreach (var name in new[] { "orleans-scaling-silo", "orleans-scaling-dashboard" })
            Assert.Equal(ports["metrics"].ToString(), ComposeFile.At(Deployment(name), "spec", "template", "metadata", "annotations", "prometheus.io/port"));
    }

    [Theory]
    [InlineData("orleans-scaling-silo")]
    [InlineData("orleans-scaling-dashboard")]
    public void Every_setting_passed_to_a_pod_is_one_the_code_reads(string deployment)
    {
        var environment = Environment(deployment);
        ClusterComposeFileTests.CheckSettings(deployment, environment);
        var scaling = ClusterComposeFileTests.Configuration(environment).GetSection(ScalingOptions.Section).Get<ScalingOptions>()!;
        Assert.Equal(ClusterMode.Cluster, scaling.Mode);
        scaling.Validate();
    }

    [Theory]
    [InlineData("orleans-scaling-silo", "silo.pfx")]
    [InlineData("orleans-scaling-dashboard", "client.pfx")]
    public void Silos_and_the_dashboard_present_certificates_from_the_mounted_tls_secret(string deployment, string certificate)
    {
        var environment = Environment(deployment);
        var mount = ((List<object?>)ComposeFile.At(Container(deployment), "volumeMounts")!).Single(m => (string)ComposeFile.At(m, "name")! == "tls");
        var folder = (string)ComposeFile.At(mount, "mountPath")!;
        Assert.Equal($"{folder}/{certificate}", environment["OrleansScaling__Tls__CertificatePath"]);
        Assert.Equal($"{folder}/ca.crt", environment["OrleansScaling__Tls__CaCertificatePath"]);
        var volume = ((List<object?>)ComposeFile.At(Deployment(deployment), "spec", "template", "spec", "volumes")!).Single(v => (string)ComposeFile.At(v, "name")! == "tls");
        Assert.Equal("orleans-scaling-tls", ComposeFile.At(volume, "secret", "secretName"));
    }

    [Fact]
    public void The_dashboard_is_behind_a_service_that_targets_its_http_port()
    {
        var service = _documents.Single(d => (string)d["kind"]! == "Service");
        var port = Assert.Single((List<object?>)ComposeFile.At(service, "spec", "ports")!);
        Assert.Equal("http", ComposeFile.At(port, "targetPort"));
        Assert.Equal(ComposeFile.At(Deployment("orleans-scaling-dashboard"), "spec", "selector", "matchLabels", "app.kubernetes.io/component"),
            ComposeFile.At(service, "spec", "selector", "app.kubernetes.io/component"));
    }

    [Fact]
    public void Every_metric_the_grafana_dashboard_queries_is_one_the_code_emits()
    {
        using var grafana = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "deploy", "grafana", "orleans-scaling.json")));
        var queried = grafana.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => Regex.Matches(t.GetProperty("expr").GetString()!, @"orleans_scaling_\w+").Select(m => m.Value))
            .ToHashSet();
        Assert.NotEmpty(queried);
        Assert.All(queried, name => Assert.Contains(name, MetricNames.Exported));
    }

    private static List<Dictionary<object, object?>> Load()
    {
        var deserializer = new DeserializerBuilder().Build();
        var documents = new List<Dictionary<object, object?>>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.yaml").Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal)))
        {
            using var reader = new StringReader(File.ReadAllText(file));
            var parser = new Parser(reader);
            parser.Consume<StreamStart>();
            while (parser.Accept<DocumentStart>(out _))
                documents.Add(deserializer.Deserialize<Dictionary<object, object?>>(parser));
        }
        return documents;
    }

    private Dictionary<object, object?> Deployment(string name) =>
        _documents.Single(d => (string)d["kind"]! == "Deployment" && (string)ComposeFile.At(d, "metadata", "name")! == name);

    private object? Container(string deployment) =>
        Assert.Single((List<object?>)ComposeFile.At(Deployment(deployment), "spec", "template", "spec", "containers")!);

    private static object? EnvEntry(object? container, string name) =>
        ((List<object?>)ComposeFile.At(container, "env")!).Single(e => (string)ComposeFile.At(e, "name")! == name);

    private static Dictionary<string, int> Ports(object? container) =>
        ((List<object?>)ComposeFile.At(container, "ports")!).ToDictionary(p => (string)ComposeFile.At(p, "name")!, p => int.Parse(ComposeFile.At(p, "containerPort")!.ToString()!));

    /// <summary>What the pod's environment holds: its ConfigMaps and Secrets (envFrom) and its own env values.</summary>
    private Dictionary<string, string> Environment(string deployment)
    {
        var container = Container(deployment);
        var environment = new Dictionary<string, string>();
        foreach (var source in (List<object?>)ComposeFile.At(container, "envFrom")!)
        {
            var (kind, name, field) = ComposeFile.At(source, "configMapRef", "name") is string map ? ("ConfigMap", map, "data") : ("Secret", (string)ComposeFile.At(source, "secretRef", "name")!, "stringData");
            var document = _documents.Single(d => (string)d["kind"]! == kind && (string)ComposeFile.At(d, "metadata", "name")! == name);
            foreach (var (key, value) in ComposeFile.Map(document[field])) environment[key] = value?.ToString() ?? "";
        }
        foreach (var entry in (List<object?>)ComposeFile.At(container, "env")!)
            environment[(string)ComposeFile.At(entry, "name")!] = ComposeFile.At(entry, "value")?.ToString() ?? "10.0.0.1"; // fieldRef: a pod IP
        return environment;
    }
}
