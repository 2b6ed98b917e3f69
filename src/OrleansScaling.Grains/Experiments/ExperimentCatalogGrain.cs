using System.Collections.Immutable;
using OrleansScaling.Contracts;
using OrleansScaling.Grains.Hosting;
using OrleansScaling.Grains.Workers;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Experiments;

/// <summary>The catalog's persistent state: one summary per experiment, oldest first.</summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentCatalogState([property: Id(0)] ImmutableList<ExperimentSummary> Experiments)
{
    public ExperimentCatalogState() : this([]) { }
}

/// <summary>
/// Launches sweeps (plan, create the experiment and its runs, queue them) and lists experiments. Summaries are
/// pushed here by the experiments, so listing never fans out to every experiment.
/// </summary>
public sealed class ExperimentCatalogGrain(
    [PersistentState("catalog", StorageNames.Provider)] IPersistentState<ExperimentCatalogState> state,
    TimeProvider time) : Grain, IExperimentCatalogGrain, IExperimentListGrain
{
    async Task<string> IExperimentCatalogGrain.Launch(SweepRequest request)
    {
        var plan = await GrainFactory.GetGrain<ISweepPlannerGrain>(0).Plan(request);
        // Refused before anything is stored: a corpus no live slot offers (a path outside CorpusRoots among them), and
        // one whose training split cannot feed a run (a one-epoch run needs a distinct window for every draw).
        CorporaOnOffer.RequireLargeEnough(plan, await CorporaOnOffer.RequireAsync(GrainFactory, request.Corpus));
        if (plan.Runs.Count == 0)
            throw new ArgumentException($"The sweep '{request.Name}' plans no runs; check its sizes, seeds and budget.", nameof(request));
        var now = time.GetUtcNow();
        var experimentId = $"exp-{now:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        var summary = await GrainFactory.GetGrain<IExperimentRunsGrain>(experimentId).Create(plan, now);
        await Write(state.State.Experiments.Add(summary));
        return experimentId;
    }

    Task<IReadOnlyList<ExperimentSummary>> IExperimentCatalogGrain.List() =>
        Task.FromResult<IReadOnlyList<ExperimentSummary>>(state.State.Experiments.Reverse().ToList());

    async Task IExperimentListGrain.OnSummaryChanged(ExperimentSummary summary)
    {
        var index = state.State.Experiments.FindIndex(e => e.ExperimentId == summary.ExperimentId);
        // Not reentrant: a summary pushed while Launch runs waits for it, so a known experiment is always found here.
        if (index >= 0) await Write(state.State.Experiments.SetItem(index, summary));
    }

    private Task Write(ImmutableList<ExperimentSummary> experiments)
    {
        state.State = new ExperimentCatalogState(experiments);
        return state.WriteStateAsync();
    }
}
