using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Bootstrap;
using OrleansScaling.Science.Curves;
using OrleansScaling.Dashboard.Sweeps;
using OrleansScaling.Dashboard.Tests.Fakes;
using OrleansScaling.Dashboard.Tests.Hosting;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Dashboard.Tests.Api;

[Collection(DashboardServerCollection.Name)]
public sealed class ApiTests(DashboardServer server)
{
    private HttpClient Http => server.Http;

    private async Task<(string ExperimentId, string RunId)> LaunchWithCurve()
    {
        var id = await server.Cluster.LaunchSweep(TestSweeps.Paper with { Name = "api" });
        var runId = (await server.Cluster.GetExperiment(id))!.Runs[0].RunId;
        await server.Cluster.Report(runId, FakeViews.Curve(10, 100));
        return (id, runId);
    }

    [Fact]
    public async Task The_experiment_list_pages_with_page_and_pageSize_and_refuses_a_bad_page()
    {
        await LaunchWithCurve();
        await LaunchWithCurve();
        var all = await Http.GetFromJsonAsync<JsonElement>("/api/experiments");
        var total = all.GetArrayLength();
        var first = await Http.GetFromJsonAsync<JsonElement>("/api/experiments?page=1&pageSize=1");
        Assert.Equal(1, first.GetProperty("items").GetArrayLength());
        Assert.Equal(all[0].GetProperty("experimentId").GetString(), first.GetProperty("items")[0].GetProperty("experimentId").GetString());
        Assert.Equal(total, first.GetProperty("total").GetInt32());
        Assert.Equal(total, first.GetProperty("pages").GetInt32());
        var last = await Http.GetFromJsonAsync<JsonElement>($"/api/experiments?page={total}&pageSize=1");
        Assert.Equal(all[total - 1].GetProperty("experimentId").GetString(), last.GetProperty("items")[0].GetProperty("experimentId").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.GetAsync("/api/experiments?page=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.GetAsync("/api/experiments?pageSize=1001")).StatusCode);
    }

    [Fact]
    public async Task Experiments_are_listed_and_shown_in_camelCase_with_enums_as_strings()
    {
        var (id, runId) = await LaunchWithCurve();

        var list = await Http.GetFromJsonAsync<JsonElement>("/api/experiments");
        Assert.Contains(list.EnumerateArray(), e => e.GetProperty("experimentId").GetString() == id);

        var view = await Http.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}");
        Assert.Equal("paperComparison", view.GetProperty("summary").GetProperty("kind").GetString());
        Assert.Contains(view.GetProperty("runs").EnumerateArray(), r => r.GetProperty("runId").GetString() == runId);
        Assert.Equal(128, view.GetProperty("runs")[0].GetProperty("spec").GetProperty("shape").GetProperty("context").GetInt32());
    }

    [Fact]
    public async Task An_experiments_bands_IsoFLOP_profiles_and_held_out_check_are_in_its_JSON()
    {
        var (id, runId) = await LaunchWithCurve();
        var fit = new IsoFlopBudgetFit(1e15, 3, 2e6, 8.3e7, 41.7, 3.2, 0.05, 0.98, true);
        server.Cluster.SetAnalyses(id, new ExperimentAnalyses(DateTimeOffset.UtcNow, [],
            [new PowerLawRow(runId, "k", new PowerLawFit(0.3, 6, 0.99, 20, 100), [0.29, 0.31], [5.8, 6.2], [[20, 2.3, 2.5]])], null,
            IsoFlop: [new IsoFlopParabola(fit, [[1e6, 3.3]], [1.5e6, null], [20, 60])],
            Holdout: new HeldOutCheck(3e15, 8, [new HoldoutRow(5e6, 1e8, 3e15, 3.1, 3.05, [2.95, 3.16], true)])));

        var analyses = (await Http.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}")).GetProperty("analyses");

        var law = analyses.GetProperty("powerLaws")[0];
        Assert.Equal(0.29, law.GetProperty("exponentInterval")[0].GetDouble());
        Assert.Equal(6.2, law.GetProperty("coefficientInterval")[1].GetDouble());
        Assert.Equal(2.5, law.GetProperty("band")[0][2].GetDouble());
        var profile = analyses.GetProperty("isoFlop")[0];
        Assert.Equal(2e6, profile.GetProperty("fit").GetProperty("optimalParams").GetDouble());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("optimalParamsInterval")[1].ValueKind);
        var holdout = analyses.GetProperty("holdout");
        Assert.Equal(8, holdout.GetProperty("fittedRuns").GetInt32());
        Assert.True(holdout.GetProperty("rows")[0].GetProperty("inside").GetBoolean());
        Assert.False(analyses.GetProperty("fitsPending").GetBoolean());
    }

    [Fact]
    public async Task The_favicon_is_served()
    {
        var icon = await Http.GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.True((await icon.Content.ReadAsByteArrayAsync()).Length > 100);
    }

    [Fact]
    public async Task Unknown_ids_are_404_with_a_message_saying_where_to_look()
    {
        var experiment = await Http.GetAsync("/api/experiments/nope");
        Assert.Equal(HttpStatusCode.NotFound, experiment.StatusCode);
        Assert.Contains("GET /api/experiments", await experiment.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/runs/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/runs/nope/curve?format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/experiments/nope/export?format=csv")).StatusCode);
    }

    [Fact]
    public async Task A_run_is_shown_with_its_progress()
    {
        var (_, runId) = await LaunchWithCurve();
        var run = await Http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
        Assert.Equal("running", run.GetProperty("status").GetString());
        Assert.Equal(100, run.GetProperty("progress").GetProperty("iteration").GetInt64());
    }

    [Fact]
    public async Task The_curve_comes_as_csv_with_the_project_header_and_as_json()
    {
        var (_, runId) = await LaunchWithCurve();

        var csv = await Http.GetAsync($"/api/runs/{runId}/curve?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("iteration,tokens,flops,trainLoss,testLoss,learningRate,wallSeconds,tokensPerSecond", lines[0]);
        Assert.Equal(11, lines.Length);
        Assert.StartsWith("10,20480,", lines[1]);

        var json = await Http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/curve?format=json");
        Assert.Equal(10, json.GetArrayLength());
        Assert.Equal(100, json[9].GetProperty("iteration").GetInt64());
        Assert.True(json[9].GetProperty("testLoss").GetDouble() < json[0].GetProperty("testLoss").GetDouble());
    }

    [Fact]
    public async Task A_diverged_run_with_NaN_and_infinite_values_serialises_in_every_view_curve_and_export()
    {
        var id = await server.Cluster.LaunchSweep(TestSweeps.Paper with { Name = "diverged" });
        var runId = (await server.Cluster.GetExperiment(id))!.Runs[0].RunId;
        var curve = FakeViews.Curve(10, 30);
        curve[^1] = curve[^1] with { TrainLoss = double.NaN, TestLoss = double.PositiveInfinity, TokensPerSecond = double.NegativeInfinity };
        await server.Cluster.Report(runId, curve);
        server.Cluster.SetStopped(runId, RunStatus.Diverged, "diverged at iteration 30 (loss ∞); lower the learning rate");

        var run = await Http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
        Assert.Equal("diverged", run.GetProperty("status").GetString());
        Assert.Equal("diverged at iteration 30 (loss ∞); lower the learning rate", run.GetProperty("stopReason").GetString());
        // The API writes non-finite numbers as the named literals (docs/api.md).
        Assert.Equal("Infinity", run.GetProperty("progress").GetProperty("lastTestLoss").GetString());

        var json = await Http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/curve?format=json");
        Assert.Equal("NaN", json[2].GetProperty("trainLoss").GetString());
        Assert.Equal("-Infinity", json[2].GetProperty("tokensPerSecond").GetString());
        var csv = await Http.GetStringAsync($"/api/runs/{runId}/curve?format=csv");
        Assert.Contains(",NaN,Infinity,", csv);

        var experiment = await Http.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}");
        Assert.Contains(experiment.GetProperty("runs").EnumerateArray(), r => r.GetProperty("status").GetString() == "diverged");
        foreach (var format in new[] { "json", "csv" })
        {
            var export = await Http.GetAsync($"/api/experiments/{id}/export?format={format}");
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            var body = await export.Content.ReadAsStringAsync();
            if (format == "csv") Assert.Contains(",NaN,Infinity,", body);
            else
            {
                var curves = JsonDocument.Parse(body).RootElement.GetProperty("curves").EnumerateArray();
                var diverged = curves.Single(c => c.GetProperty("run").GetProperty("runId").GetString() == runId);
                Assert.Equal("diverged", diverged.GetProperty("run").GetProperty("status").GetString());
                Assert.Equal("NaN", diverged.GetProperty("curve")[2].GetProperty("trainLoss").GetString());
            }
        }
    }

    [Fact]
    public async Task An_unknown_curve_format_is_400_naming_the_format_field()
    {
        var (_, runId) = await LaunchWithCurve();
        var response = await Http.GetAsync($"/api/runs/{runId}/curve?format=xml");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("csv", problem.GetProperty("errors").GetProperty("format")[0].GetString());
    }

    [Fact]
    public async Task An_experiment_exports_every_run_curve_as_csv_with_run_columns()
    {
        var (id, runId) = await LaunchWithCurve();
        var csv = await Http.GetStringAsync($"/api/experiments/{id}/export?format=csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("runId,key,regime," + CurveCsv.Header, lines[0]);
        Assert.StartsWith($"{runId},", lines[1]);
        Assert.Equal(11, lines.Length);
    }

    [Fact]
    public async Task A_valid_sweep_is_launched_with_201_and_its_location()
    {
        var before = server.Cluster.Launched.Count;
        var response = await Http.PostAsJsonAsync("/api/sweeps", new { name = "from api", kind = "recipe", p0 = 1e6, t0 = 5e6 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("experimentId").GetString();
        Assert.Equal($"/api/experiments/{id}", response.Headers.Location?.ToString());
        Assert.Equal(1, body.GetProperty("runs").GetInt32());
        Assert.Equal(before + 1, server.Cluster.Launched.Count);
    }

    [Fact]
    public async Task A_bad_sweep_is_400_naming_each_field_and_launches_nothing()
    {
        var before = server.Cluster.Launched.Count;
        var response = await Http.PostAsJsonAsync("/api/sweeps", new { name = "", kind = "recipe", p0 = -1, t0 = 5e6, targetRatio = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("positive", errors.GetProperty("p0")[0].GetString());
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("targetRatio", out _));
        Assert.Equal(before, server.Cluster.Launched.Count);
    }

    [Fact]
    public async Task JSON_the_request_cannot_hold_is_400_naming_the_field()
    {
        var before = server.Cluster.Launched.Count;
        var badKind = await Http.PostAsync("/api/sweeps", new StringContent("""{"name":"x","kind":"bogus","p0":1e6,"t0":5e6}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.True((await badKind.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("kind", out _));

        var badList = await Http.PostAsync("/api/sweeps", new StringContent("""{"name":"x","kind":"recipe","dModels":[64,"wide"]}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True((await badList.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("dModels", out _));

        var notJson = await Http.PostAsync("/api/sweeps", new StringContent("name=x", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Contains("text/plain", (await notJson.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(before, server.Cluster.Launched.Count);
    }

    [Fact]
    public async Task The_preview_returns_the_plan_without_launching()
    {
        var before = server.Cluster.Launched.Count;
        var plan = await (await Http.PostAsync("/api/sweeps/preview", TestSweeps.Json(TestSweeps.Paper))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(6, plan.GetProperty("runs").GetArrayLength());
        Assert.Equal(before, server.Cluster.Launched.Count);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_endpoint()
    {
        var document = await Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/experiments", "/api/experiments/{id}", "/api/runs/{id}", "/api/runs/{id}/curve", "/api/sweeps" })
            Assert.True(paths.TryGetProperty(path, out _), $"missing {path}");
        Assert.True(paths.GetProperty("/api/sweeps").TryGetProperty("post", out _));
        var body = paths.GetProperty("/api/sweeps").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(body.TryGetProperty("application/json", out _));
    }
}
