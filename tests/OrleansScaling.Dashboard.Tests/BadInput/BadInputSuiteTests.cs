using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansScaling.Hosting;
using OrleansScaling.Dashboard.Hosting;
using OrleansScaling.Dashboard.Sweeps;
using OrleansScaling.Grains.Hosting;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Dashboard.Tests.BadInput;

/// <summary>
/// Every way in, one table: sweep files (`osc sweep launch`), API bodies (POST /api/sweeps), the Launch form's fields,
/// `osc train` flags and process configuration. Each bad input must be refused with exit 2 or HTTP 400, name the
/// field (or setting) in its message, and leave storage exactly as it was: no new file, no experiment.
/// </summary>
public sealed class BadInputSuiteTests(BadInputSystem system) : IClassFixture<BadInputSystem>
{
    private const int Exit2 = 2, Http400 = 400;

    /// <summary>One bad input: how to try it, the exit code or HTTP status it must get, and the field it must name.</summary>
    public sealed record Row(Func<BadInputSystem, Task<(int Code, string Text)>> Try, int Expected, string Field, bool OneLine = false);

    /// <summary>Cluster mode against a storage account that is never contacted: these settings are refused first.</summary>
    // Declared before Rows, which reads it while the class initializes.
    private static readonly string[] ClusterMode = ["--OrleansScaling:Mode=Cluster", "--OrleansScaling:StorageConnectionString=UseDevelopmentStorage=true"];

    private static readonly Dictionary<string, Row> Rows = new()
    {
        // Sweep files: osc refuses them before it connects.
        ["file: empty name"] = SweepFile("""{"name": "", "kind": "recipe", "p0": 1e6, "t0": 5e6}""", "name"),
        ["file: 5,000-character name"] = SweepFile($$"""{"name": "{{new string('x', 5000)}}", "kind": "recipe", "p0": 1e6, "t0": 5e6}""", "name"),
        ["file: unknown kind"] = SweepFile("""{"name": "k", "kind": "bogus", "p0": 1e6, "t0": 5e6}""", "kind"),
        ["file: negative p0"] = SweepFile("""{"name": "n", "kind": "recipe", "p0": -1, "t0": 5e6}""", "p0"),
        ["file: p0 without t0"] = SweepFile("""{"name": "n", "kind": "recipe", "p0": 1e6}""", "t0"),
        ["file: budget given twice"] = SweepFile("""{"name": "n", "kind": "recipe", "p0": 1e6, "t0": 5e6, "flopsBudget": 3e13}""", "flopsBudget"),
        ["file: budget far too large"] = SweepFile("""{"name": "n", "kind": "recipe", "p0": 1e30, "t0": 1e30}""", "Lower P0·T0"),
        ["file: dropout 1"] = SweepFile("""{"name": "n", "kind": "paperComparison", "dModels": [64], "dropout": 1}""", "dropout"),
        ["file: a width twice"] = SweepFile("""{"name": "n", "kind": "paperComparison", "dModels": [64, 64]}""", "dModels"),
        ["file: no seeds"] = SweepFile("""{"name": "n", "kind": "paperComparison", "dModels": [64], "seeds": []}""", "seeds"),
        ["file: E = 1"] = SweepFile("""{"name": "n", "kind": "paperComparison", "dModels": [64], "epochsList": [1]}""", "epochsList"),
        ["file: misspelt field"] = SweepFile("""{"name": "n", "kind": "paperComparison", "dmodel": [64]}""", "dModels"),
        ["file: learning rate as text"] = SweepFile("""{"name": "n", "kind": "recipe", "p0": 1e6, "t0": 5e6, "learningRate": "fast"}""", "learningRate"),
        ["file: 100,000 IsoFLOP points"] = SweepFile("""{"name": "n", "kind": "isoFlop", "flopsBudget": 6e13, "isoFlopPoints": 100000}""", "isoFlopPoints"),
        ["file: a corpus outside the corpus roots"] = SweepFile(Tiny("../../etc"), "corpus"),
        ["file: batch size 0"] = SweepFile("""{"name": "n", "kind": "recipe", "p0": 1e6, "t0": 5e6, "batchSize": 0}""", "batchSize"),
        ["file: a NUL in the name"] = SweepFile("""{"name": "a\u0000b", "kind": "recipe", "p0": 1e6, "t0": 5e6}""", "field \"name\" holds a control character"),
        ["file: kind as a number"] = SweepFile("""{"name": "n", "kind": 2, "dModels": [64]}""", "field \"kind\""),
        ["file: a field given twice"] = SweepFile("""{"name": "n", "kind": "recipe", "p0": 1e6, "t0": 5e6, "t0": 6e6}""", "field \"t0\" is given twice"),
        ["file: a corpus too small for its one-epoch runs"] = SweepFile(TooBigForBrown, "Set iterations to at most 11,442"),
        ["file: cooldown fraction 1"] = SweepFile("""{"name": "n", "kind": "recipe", "p0": 1e6, "t0": 5e6, "schedule": "wsd", "cooldownFraction": 1}""", "cooldownFraction"),
        ["file: branching with cosine"] = SweepFile("""{"name": "n", "kind": "grid", "dModels": [64], "tokenBudgets": [1e6, 2e6], "schedule": "cosine", "branching": true}""", "branching"),
        ["file: unsorted token budgets"] = SweepFile("""{"name": "n", "kind": "grid", "dModels": [64], "tokenBudgets": [2e6, 1e6]}""", "tokenBudgets"),
        ["file: an early-stopping policy there is not"] = SweepFile("""{"name": "n", "kind": "recipe", "p0": 1e6, "t0": 5e6, "earlyStopping": {"policy": "asha"}}""", "earlyStopping"),
        ["file: a misspelt early-stopping field"] = SweepFile("""{"name": "n", "kind": "recipe", "p0": 1e6, "t0": 5e6, "earlyStopping": {"minFrac": 0.3}}""", "earlyStopping"),

        // API bodies: 400 with the field as a key of "errors".
        ["api: empty corpus"] = Api("""{"name": "a", "kind": "recipe", "p0": 1e6, "t0": 5e6, "corpus": ""}""", "corpus"),
        ["api: 5,000-character name"] = Api($$"""{"name": "{{new string('y', 5000)}}", "kind": "recipe", "p0": 1e6, "t0": 5e6}""", "name"),
        ["api: unknown kind"] = Api("""{"name": "a", "kind": "bogus"}""", "kind"),
        ["api: a width that is text"] = Api("""{"name": "a", "kind": "paperComparison", "dModels": [64, "wide"]}""", "dModels"),
        ["api: FLOPs far too large"] = Api("""{"name": "a", "kind": "recipe", "flopsBudget": 1e300}""", "flopsBudget"),
        ["api: NaN learning rate"] = Api("""{"name": "a", "kind": "recipe", "p0": 1e6, "t0": 5e6, "learningRate": "NaN"}""", "learningRate"),
        ["api: infinite target ratio"] = Api("""{"name": "a", "kind": "recipe", "p0": 1e6, "t0": 5e6, "targetRatio": "Infinity"}""", "targetRatio"),
        ["api: negative context"] = Api("""{"name": "a", "kind": "recipe", "p0": 1e6, "t0": 5e6, "context": -1}""", "context"),
        ["api: negative warmup"] = Api("""{"name": "a", "kind": "recipe", "p0": 1e6, "t0": 5e6, "warmupIterations": -5}""", "warmupIterations"),
        ["api: negative seed"] = Api("""{"name": "a", "kind": "recipe", "p0": 1e6, "t0": 5e6, "seeds": [-1]}""", "seeds"),
        ["api: negative dropout"] = Api("""{"name": "a", "kind": "paperComparison", "dModels": [64], "dropout": -0.1}""", "dropout"),
        ["api: a corpus outside the corpus roots"] = Api(Tiny("../../etc"), "corpus"),
        ["api: a corpus no slot offers"] = Api(Tiny("wikipedia"), "corpus"),
        ["api: /etc as the corpus"] = Api(Tiny("/etc"), "corpus"),
        ["api: unknown device"] = Api("""{"name": "a", "kind": "recipe", "p0": 1e6, "t0": 5e6, "device": "tpu"}""", "device"),
        ["api: unknown tokenizer"] = Api("""{"name": "a", "kind": "recipe", "p0": 1e6, "t0": 5e6, "tokenizer": "words"}""", "tokenizer"),
        ["api: not a JSON object"] = Api("[1, 2]", "request"),
        ["api: a text/plain body"] = NotJson(() => new StringContent("name=x", Encoding.UTF8, "text/plain"), "'text/plain; charset=utf-8'"),
        ["api: a form body"] = NotJson(() => new FormUrlEncodedContent([new("name", "x"), new("kind", "recipe")]), "'application/x-www-form-urlencoded'"),
        ["api: a body without a content type"] = NotJson(() => new ByteArrayContent("{}"u8.ToArray()), "no content type"),
        ["api: a 50 MB body"] = TooLarge(() => new ByteArrayContent(new byte[50 << 20]) { Headers = { ContentType = new("application/json") } }, "52,428,800 bytes"),
        ["api: a 2 MB body of unknown length"] = TooLarge(() => new StreamContent(new UnknownLength(new byte[2 << 20])) { Headers = { ContentType = new("application/json") } }, "runs on past the limit"),
        ["api: a NUL in the name"] = Api("""{"name": "a\u0000b", "kind": "recipe", "p0": 1e6, "t0": 5e6}""", "name"),
        ["api: an escape character in the corpus"] = Api("""{"name": "a", "kind": "recipe", "p0": 1e6, "t0": 5e6, "corpus": "brown\u001b[2J"}""", "corpus"),
        ["api: kind as a number"] = Api("""{"name": "a", "kind": 0, "p0": 1e6, "t0": 5e6}""", "kind"),
        ["api: tokenizer as a number"] = Api("""{"name": "a", "kind": "recipe", "p0": 1e6, "t0": 5e6, "tokenizer": 1}""", "tokenizer"),
        ["api: an unknown field"] = Api("""{"name": "a", "kind": "recipe", "p0": 1e6, "t0": 5e6, "colour": "blue"}""", "colour"),
        ["api: a field given twice"] = Api("""{"name": "a", "kind": "recipe", "p0": 1e6, "t0": 5e6, "p0": 2e6}""", "p0"),
        ["api: a corpus too small for its one-epoch runs"] = Api(TooBigForBrown, "iterations"),
        ["api: cooldown fraction 0"] = Api("""{"name": "a", "kind": "recipe", "p0": 1e6, "t0": 5e6, "schedule": "wsd", "cooldownFraction": 0}""", "cooldownFraction"),
        ["api: branching with constant"] = Api("""{"name": "a", "kind": "grid", "dModels": [64], "tokenBudgets": [1e6, 2e6], "branching": true}""", "branching"),
        ["api: empty FLOP budgets"] = Api("""{"name": "a", "kind": "isoFlop", "flopsBudgets": []}""", "flopsBudgets"),
        ["api: unsorted FLOP budgets"] = Api("""{"name": "a", "kind": "isoFlop", "flopsBudgets": [2e14, 6e13]}""", "flopsBudgets"),
        ["api: empty token budgets"] = Api("""{"name": "a", "kind": "grid", "dModels": [64], "tokenBudgets": []}""", "tokenBudgets"),
        ["api: early-stopping min fraction 1"] = Api("""{"name": "a", "kind": "recipe", "p0": 1e6, "t0": 5e6, "earlyStopping": {"policy": "frontier", "minFraction": 1}}""", "earlyStopping"),
        ["api: early stopping as a string"] = Api("""{"name": "a", "kind": "recipe", "p0": 1e6, "t0": 5e6, "earlyStopping": "frontier"}""", "earlyStopping"),
        ["api: too many runs"] = Api($$"""{"name": "a", "kind": "paperComparison", "dModels": [64, 128, 192, 256], "seeds": [{{string.Join(", ", Enumerable.Range(1, 30))}}]}""", "dModels"),

        // The Launch form's fields: refused in the form (shown under the field), nothing launched.
        ["form: P0 not a number"] = Form(f => f.P0 = "abc", "p0"),
        ["form: dropout 1.5"] = Form(f => f.Dropout = "1.5", "dropout"),
        ["form: a seed that is text"] = Form(f => f.Seeds = "1, x", "seeds"),
        ["form: empty name"] = Form(f => f.Name = " ", "name"),
        ["form: a width twice"] = Form(f => { f.PlannerChoosesSizes = false; f.DModels = "128, 128"; }, "dModels"),
        ["form: learning rate 0"] = Form(f => f.LearningRate = "0", "learningRate"),
        ["form: E = 1"] = Form(f => { f.Kind = SweepKind.PaperComparison; f.EpochsList = "1"; }, "epochsList"),
        ["form: cooldown fraction 1.2"] = Form(f => { f.Schedule = LearningRateSchedule.Wsd; f.CooldownFraction = "1.2"; }, "cooldownFraction"),
        ["form: cooldown fraction that is text"] = Form(f => { f.Schedule = LearningRateSchedule.Wsd; f.CooldownFraction = "a fifth"; }, "cooldownFraction"),
        ["form: unsorted FLOP budgets"] = Form(f => { f.Kind = SweepKind.IsoFlop; f.BudgetMode = BudgetMode.FlopsList; f.FlopsBudgets = "2e14, 6e13"; }, "flopsBudgets"),
        ["form: empty FLOP budgets"] = Form(f => { f.Kind = SweepKind.IsoFlop; f.BudgetMode = BudgetMode.FlopsList; f.FlopsBudgets = " "; }, "flopsBudgets"),
        ["form: empty token budgets"] = Form(f => { f.Kind = SweepKind.Grid; f.PlannerChoosesSizes = false; f.DModels = "64"; f.TokenBudgets = ""; }, "tokenBudgets"),
        ["form: early-stopping min fraction 0"] = Form(f => { f.EarlyStopping = true; f.EarlyStoppingMinFraction = "0"; }, "earlyStopping"),
        ["form: early-stopping min fraction that is text"] = Form(f => { f.EarlyStopping = true; f.EarlyStoppingMinFraction = "a third"; }, "earlyStopping"),

        // osc train flags: refused before --out is created.
        ["train: dropout 1.5"] = Train(["--dropout", "1.5"], "dropout"),
        ["train: heads do not divide d"] = Train(["--heads", "3"], "heads"),
        ["train: NaN learning rate"] = Train(["--lr", "NaN"], "learningRate"),
        ["train: unknown tokenizer"] = Train(["--tokenizer", "words"], "--tokenizer"),
        ["train: batch 0"] = Train(["--batch", "0"], "batchSize"),
        ["train: epochs 0"] = Train(["--epochs", "0"], "epochs"),
        ["train: cooldown fraction 0"] = Train(["--schedule", "wsd", "--cooldown-fraction", "0"], "cooldownFraction"),
        ["train: unknown cooldown shape"] = Train(["--schedule", "wsd", "--cooldown-shape", "cubic"], "--cooldown-shape"),

        // Configuration: one line naming the setting, exit 2, no stack trace.
        ["config: silo in cluster mode without storage"] = Silo(["--OrleansScaling:Mode=Cluster"], "OrleansScaling:StorageConnectionString"),
        ["config: silo with a misspelt mode"] = Silo(["--OrleansScaling:Mode=Clustr"], "OrleansScaling:Mode"),
        ["config: silo with negative CPU slots"] = Silo(["--OrleansScaling:Workers:CpuSlots=-1"], "OrleansScaling:Workers:CpuSlots"),
        ["config: silo with a zero shutdown timeout"] = Silo(["--OrleansScaling:ShutdownTimeoutSeconds=0"], "OrleansScaling:ShutdownTimeoutSeconds"),
        ["config: silo beyond loopback without TLS"] = Silo([.. ClusterMode, "--OrleansScaling:AdvertisedAddress=10.1.2.3"], "OrleansScaling:AllowInsecure"),
        ["config: silo with a missing TLS certificate"] = Silo([.. ClusterMode, "--OrleansScaling:Tls:CertificatePath=/no/such/silo.pfx",
            "--OrleansScaling:Tls:CaCertificatePath=/no/such/ca.crt"], "OrleansScaling:Tls:CertificatePath"),
        ["config: silo with a bad advertised address"] = Silo([.. ClusterMode, "--OrleansScaling:AdvertisedAddress=here"], "OrleansScaling:AdvertisedAddress"),
        ["config: dashboard reads protected without a token"] = Dashboard(["--Dashboard:RequireTokenForReads=true"], "Dashboard:RequireTokenForReads"),
        ["config: dashboard exposed without a token"] = Dashboard(["--urls", "http://0.0.0.0:0"], "Dashboard__AccessToken"),
        ["config: dashboard with a text port"] = Dashboard(["--OrleansScaling:SiloPort=eleven"], "OrleansScaling:SiloPort"),
        ["config: osc with a zero connect timeout"] = new(s => s.Osc(["experiments", "list"],
            new Dictionary<string, string?> { ["OrleansScaling:ConnectTimeoutSeconds"] = "0" }), Exit2, "OrleansScaling:ConnectTimeoutSeconds"),
    };

    /// <summary>
    /// The issue's sweep: d64, 20,000 iterations of 8 × 64 byte tokens on Brown. Its S and SD runs need 10,240,000
    /// unique training tokens; Brown's training split holds 5,858,752 at context 64, so at most 11,442 iterations fit.
    /// </summary>
    private const string TooBigForBrown =
        """{"name": "too big", "kind": "paperComparison", "dModels": [64], "iterations": 20000, "batchSize": 8, "context": 64, "corpus": "brown"}""";

    /// <summary>A sweep that passes every rule and plans, naming <paramref name="corpus"/>.</summary>
    private static string Tiny(string corpus) =>
        $$"""{"name": "c", "kind": "recipe", "p0": 3e5, "t0": 1.5e6, "batchSize": 4, "context": 32, "corpus": "{{corpus}}"}""";

    public static TheoryData<string> Names() => new(Rows.Keys);

    [Fact]
    public async Task The_silo_offers_the_bundled_corpora_and_the_folder_under_its_root_and_nothing_else()
    {
        var offers = await OrleansScaling.Grains.Workers.CorporaOnOffer.ListAsync(system.App.Services.GetRequiredService<IGrainFactory>());
        Assert.Equal(["bundled", "brown", "nlp", Path.GetDirectoryName(system.OfferedCorpus)!, system.OfferedCorpus], offers.Select(o => o.Name));
    }

    [Fact]
    public void The_suite_covers_at_least_forty_bad_inputs_across_every_way_in()
    {
        Assert.True(Rows.Count >= 40, $"{Rows.Count} rows");
        foreach (var way in new[] { "file:", "api:", "form:", "train:", "config:" }) Assert.Contains(Rows.Keys, k => k.StartsWith(way));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_bad_input_is_refused_naming_its_field_and_nothing_is_stored(string name)
    {
        var row = Rows[name];
        var before = system.StoredFiles();

        var (code, text) = await row.Try(system);

        Assert.True(row.Expected == code, $"{name}: expected {row.Expected}, got {code}: {text}");
        Assert.Contains(row.Field, text);
        if (row.OneLine) Assert.Single(text.Trim().Split('\n'));
        Assert.Equal(before, system.StoredFiles());
        Assert.Empty(await system.Client.ListExperiments());
    }

    private static Row SweepFile(string json, string field) => new(async s =>
    {
        var path = Path.Combine(s.Root, $"sweep-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, json);
        return await s.Osc(["sweep", "launch", path]);
    }, Exit2, field);

    private static Row Api(string body, string field) => new(async s =>
    {
        var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await s.Http.PostAsync("/api/sweeps", content);
        var text = await response.Content.ReadAsStringAsync();
        // The field must be a key of "errors", not merely mentioned.
        return ((int)response.StatusCode, text.Contains($"\"{field}\":[") ? field : text);
    }, Http400, field);

    /// <summary>A body that is not JSON: 415 problem+json naming the content type sent and the one expected.</summary>
    private static Row NotJson(Func<HttpContent> content, string sent) => ProblemBody(content, 415, [sent, "Content-Type: application/json"], sent);

    /// <summary>A body over 1 MiB: 413 problem+json, the limit named, the body never read past it.</summary>
    private static Row TooLarge(Func<HttpContent> content, string size) => ProblemBody(content, 413, [size, "1,048,576 bytes (1 MiB)"], size);

    private static Row ProblemBody(Func<HttpContent> body, int status, string[] mentions, string field) => new(async s =>
    {
        // Expect: 100-continue, as curl sends it for a large body: the refusal comes before the body is sent, rather
        // than the server closing the connection on a client still writing 50 MB.
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/sweeps") { Content = body(), Headers = { ExpectContinue = true } })
        using (var response = await s.Http.SendAsync(request))
        {
            var text = await response.Content.ReadAsStringAsync();
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return ((int)response.StatusCode, $"not problem+json: {text}");
            using var problem = System.Text.Json.JsonDocument.Parse(text);
            var detail = problem.RootElement.GetProperty("detail").GetString()!;
            var named = problem.RootElement.GetProperty("status").GetInt32() == status && mentions.All(detail.Contains) &&
                        problem.RootElement.GetProperty("errors").GetProperty("request")[0].GetString() == detail;
            return ((int)response.StatusCode, named ? field : $"not a {status} problem naming {string.Join(" and ", mentions)}: {text}");
        }
    }, status, field);

    /// <summary>A body whose length the client does not send (chunked), so only reading it shows its size.</summary>
    private sealed class UnknownLength(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    /// <summary>The form refuses as the API does: a 400-like verdict, the field a key of its errors.</summary>
    private static Row Form(Action<LaunchForm> change, string field) => new(_ =>
    {
        var form = LaunchForm.From(SweepPresets.PaperCpu.Request);
        change(form);
        var request = form.ToRequest(out var errors);
        return Task.FromResult((request is null ? Http400 : 0, string.Join(", ", errors.Keys)));
    }, Http400, field);

    private static Row Train(string[] flags, string field) => new(async s =>
    {
        var outDirectory = Path.Combine(s.Root, $"train-{Guid.NewGuid():N}");
        string[] args = ["train", "--d-model", "64", "--layers", "1", "--heads", "2", "--context", "16", "--batch", "4",
            "--iterations", "10", "--out", outDirectory];
        var (code, text) = await s.Osc([.. args, .. flags]);
        return Directory.Exists(outDirectory) ? (-1, $"{outDirectory} was created: {text}") : (code, text);
    }, Exit2, field);

    private static Row Silo(string[] args, string field) => Process("silo", args, field, a => { SiloHost.Create(a).Dispose(); });

    private static Row Dashboard(string[] args, string field) => Process("dashboard", args, field, a => DashboardApp.Build(a).DisposeAsync().AsTask().Wait());

    /// <summary>What silo/Program.cs and dashboard/Program.cs do with their arguments, up to the start.</summary>
    private static Row Process(string process, string[] args, string field, Action<string[]> build) => new(async s =>
    {
        var data = Path.Combine(s.Root, $"{process}-{Guid.NewGuid():N}");
        var error = new StringWriter();
        var code = await StartupRefusal.GuardAsync(process, error, () => { build([.. args, $"--OrleansScaling:DataDirectory={data}"]); return Task.FromResult(0); });
        return Directory.Exists(data) ? (-1, $"{data} was created: {error}") : (code, error.ToString());
    }, Exit2, field, OneLine: true);
}
