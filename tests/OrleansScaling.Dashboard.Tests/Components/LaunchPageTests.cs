using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using OrleansScaling.Dashboard.Components.Pages;

namespace OrleansScaling.Dashboard.Tests.Components;

public sealed class LaunchPageTests : DashboardContext
{
    [Fact]
    public void Every_field_of_the_form_has_a_label_that_names_it_by_for_and_id()
    {
        var page = Render<Launch>();
        var fields = page.FindAll(".launch-form input:not([type=hidden]), .launch-form select");
        Assert.NotEmpty(fields);
        foreach (var field in fields)
        {
            Assert.False(string.IsNullOrEmpty(field.Id), $"{field.OuterHtml[..Math.Min(80, field.OuterHtml.Length)]} has no id");
            Assert.Single(page.FindAll($"label[for='{field.Id}']"));
        }
    }

    [Fact]
    public void The_CPU_preset_is_previewed_with_units_before_anything_is_launched()
    {
        var page = Render<Launch>();
        var rows = page.FindAll(".plan-preview tbody tr");
        Assert.Equal(6, rows.Count); // two widths × S, M(E=5), M(E=10) from the fake planner
        var headers = page.FindAll(".plan-preview thead th").Select(h => h.TextContent).ToList();
        Assert.Equal(["run", "shape", "P (params)", "T (tokens)", "T/P (tokens/param)", "iterations", "training FLOPs", "est. time", "schedule", "branch of (fork)"], headers);
        var first = rows[0].QuerySelectorAll("td").Select(c => c.TextContent).ToList();
        Assert.Equal(["d128-S-seed1", "d128 L4 H2", "842.5 k", "4.1 M", "4.86", "2,000", "2.35e13"], first.Take(7));
        Assert.Equal("9.8 min", first[7]); // 4.1 M tokens at 4e10 FLOP/s ÷ 5.74 MFLOP/token ≈ 6,965 tokens/s
        Assert.Contains("6 runs", page.Find("#launch").TextContent);
        Assert.Empty(Cluster.Launched);
    }

    [Fact]
    public void The_GPU_preset_fills_the_form_with_the_paper_setting()
    {
        var page = Render<Launch>();
        page.Find("#preset-paper-gpu").Click();
        Assert.Equal("256, 512, 1024", page.Find("#dModels").GetAttribute("value"));
        Assert.Equal("Gpt2", page.Find("#tokenizer").GetAttribute("value"));
        Assert.Contains("Tokens per iteration: 6.91 k tokens", page.Find(".launch-form").TextContent);
        Assert.Contains("GPU", page.Markup);
    }

    [Fact]
    public void Invalid_fields_show_their_errors_and_the_form_launches_nothing()
    {
        var page = Render<Launch>();
        page.Find("#plannerChooses").Change(true);
        page.Find("#p0").Change("-1");
        page.Find("#seeds").Change("1, x");

        Assert.Contains("positive", page.Find(".field-error[data-field=p0]").TextContent);
        Assert.Contains("'x' is not a whole number", page.Find(".field-error[data-field=seeds]").TextContent);
        Assert.True(page.Find("#launch").HasAttribute("disabled"));
        Assert.Empty(page.FindAll(".plan-preview"));

        page.Find("form").Submit();
        Assert.Empty(Cluster.Launched);
    }

    [Fact]
    public void A_budget_in_flops_replaces_P0_and_T0()
    {
        var page = Render<Launch>();
        page.Find("#plannerChooses").Change(true);
        page.FindAll("input[name=budget]")[1].Change(true);
        Assert.Empty(page.FindAll("#p0"));
        page.Find("#flopsBudget").Change("nonsense");
        Assert.Contains("not a number", page.Find(".field-error[data-field=flopsBudget]").TextContent);
        page.Find("#flopsBudget").Change("1e15");
        Assert.Empty(page.FindAll(".field-error"));
        Assert.NotEmpty(page.FindAll(".plan-preview tbody tr"));
    }

    [Fact]
    public void A_plan_the_planner_rejects_shows_its_message_under_the_field_it_names()
    {
        Cluster.PlannerRejects = new ArgumentException("No shape fits P0·T0 = 1; the smallest model has 50 k params.", "P0");
        var page = Render<Launch>();
        page.Find("#plannerChooses").Change(true);
        page.Find("#p0").Change("1");
        page.Find("#t0").Change("5");
        Assert.Contains("No shape fits", page.Find(".field-error[data-field=p0]").TextContent);
        Assert.True(page.Find("#launch").HasAttribute("disabled"));
    }

    [Fact]
    public void A_valid_form_launches_and_opens_the_experiment()
    {
        var page = Render<Launch>();
        page.Find("#name").Change("my sweep");
        page.Find("form").Submit();
        var launched = Assert.Single(Cluster.Launched);
        Assert.Equal("my sweep", launched.Name);
        Assert.EndsWith("/experiments/exp-1", Services.GetRequiredService<NavigationManager>().Uri);
        Assert.Equal(OrleansScaling.Science.Runs.Precision.Fp32, launched.Precision);
    }

    [Fact]
    public void The_precision_chosen_in_the_form_is_the_sweeps()
    {
        var page = Render<Launch>();
        page.Find("#name").Change("bf16 sweep");
        page.Find("#precision").Change("Bf16");
        page.Find("form").Submit();
        Assert.Equal(OrleansScaling.Science.Runs.Precision.Bf16, Assert.Single(Cluster.Launched).Precision);
    }

    [Fact]
    public void Early_stopping_ticked_in_the_form_launches_the_frontier_policy_with_its_min_fraction()
    {
        var page = Render<Launch>();
        page.Find("#name").Change("stopping sweep");
        Assert.Empty(page.FindAll("#earlyStoppingMinFraction"));
        page.Find("#earlyStopping").Change(true);
        page.Find("#earlyStoppingMinFraction").Change("0.4");
        page.Find("form").Submit();
        Assert.Equal(new OrleansScaling.Science.Analysis.Stopping.EarlyStoppingSettings("frontier", 0.4), Assert.Single(Cluster.Launched).EarlyStopping);
    }
}

public sealed class ExposedLaunchPageTests() : DashboardContext(accessToken: "tok", url: "http://0.0.0.0:5080")
{
    [Fact]
    public void Beyond_loopback_the_form_launches_only_after_the_token_is_entered()
    {
        var layout = Render<OrleansScaling.Dashboard.Components.Layout.AccessTokenBox>();
        var page = Render<Launch>();
        page.Find("form").Submit();
        Assert.Empty(Cluster.Launched);
        Assert.Contains("access token", page.Find(".field-error[data-field=accessToken]").TextContent);

        layout.Find("#access-token").Input("tok");
        page.Render();
        page.Find("form").Submit();
        Assert.Single(Cluster.Launched);
    }
}

public sealed class PlanPreviewFitTests : DashboardContext
{
    [Fact]
    public async Task With_a_fit_chosen_each_planned_run_shows_its_predicted_loss_and_interval()
    {
        var plan = await Cluster.PreviewPlan(OrleansScaling.Science.Runs.SweepPresets.PaperCpu.Request);
        var fit = new OrleansScaling.Science.Analysis.ParametricLossFit(1.69, 406.4, 0.34, 410.7, 0.28, 0, 0, 0);
        var samples = new[] { 0.98, 1.0, 1.02 }.Select(k => fit with { E = 1.69 * k }).ToList();
        var model = new OrleansScaling.Science.Analysis.Bootstrap.LossModel(fit, samples, 0.01);

        var preview = Render<OrleansScaling.Dashboard.Components.Shared.PlanPreview>(p => p.Add(c => c.Plan, plan).Add(c => c.Model, model));

        Assert.Equal("predicted loss [95%] (nats)", preview.FindAll("thead th")[^1].TextContent);
        var first = plan.Runs[0];
        var expected = fit.Loss(first.Parameters, first.Spec.TotalTokens);
        var cell = preview.FindAll("td.predicted")[0].TextContent;
        Assert.StartsWith(expected.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) + " [", cell);
        Assert.Matches(@"^\d+\.\d{3} \[\d+\.\d{3}, \d+\.\d{3}\]$", cell);
        Assert.Equal(plan.Runs.Count, preview.FindAll("td.predicted").Count);
        Assert.Contains("the number of runs is unknown", preview.FindAll("td.predicted")[0].GetAttribute("title"));

        var known = Render<OrleansScaling.Dashboard.Components.Shared.PlanPreview>(p => p.Add(c => c.Plan, plan).Add(c => c.Model, model with { Runs = 12 }));
        Assert.Matches(@"^\d+\.\d{3} \[\d+\.\d{3}, \d+\.\d{3}\] \(12 runs\)$", known.FindAll("td.predicted")[0].TextContent);
    }

    [Fact]
    public void A_branching_wsd_grid_is_previewed_and_launched_with_its_branches()
    {
        var page = Render<Launch>();
        page.Find("#preset-grid-wsd").Click();
        Assert.Equal("Wsd", page.Find("#schedule").GetAttribute("value"));
        page.Find("#branching").Change(true);
        Assert.Empty(page.FindAll(".field-error"));

        page.Find("form").Submit();

        Assert.Empty(page.FindAll(".field-error"));
        var launched = Assert.Single(Cluster.Launched);
        Assert.True(launched.Branching);
        Assert.Equal(OrleansScaling.Science.Runs.LearningRateSchedule.Wsd, launched.Schedule);
    }

    [Fact]
    public void The_plan_preview_shows_each_branchs_trunk_and_fork_and_the_compute_with_and_without_branching()
    {
        var request = new OrleansScaling.Science.Runs.SweepRequest("g", OrleansScaling.Science.Runs.SweepKind.Grid, DModels: [64], Layers: 2,
            TokenBudgets: [2048 * 1000, 2048 * 2000], Schedule: OrleansScaling.Science.Runs.LearningRateSchedule.Wsd, Branching: true);
        var plan = OrleansScaling.Science.Planning.SweepPlanner.Plan(request);

        var preview = Render<OrleansScaling.Dashboard.Components.Shared.PlanPreview>(p => p.Add(x => x.Plan, plan));

        var rows = preview.FindAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToList()).ToList();
        Assert.Equal(["wsd (0.2, sqrt)", "d64-L2-S-wsd-I2000-seed1 (800)"], rows[0].Skip(8));
        Assert.Equal(["wsd (0.2, sqrt)", "–"], rows[1].Skip(8));
        var total = preview.Find("tfoot").TextContent;
        Assert.Contains("1 trunks, 1 branches", total);
        Assert.Contains("without branching, ratio 0.73", total); // (2000 + 0.2·1000) / 3000
    }
}
