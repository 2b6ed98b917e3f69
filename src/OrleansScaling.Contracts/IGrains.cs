using Orleans.Concurrency;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Contracts;

/// <summary>Turns a sweep request into a plan with the science core. Stateless.</summary>
public interface ISweepPlannerGrain : IGrainWithIntegerKey
{
    Task<SweepPlan> Plan(SweepRequest request);
}

/// <summary>The list of experiments (a single grain, key 0).</summary>
public interface IExperimentCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Plans the sweep, creates the experiment and its runs, queues them; returns the new experiment id.</summary>
    Task<string> Launch(SweepRequest request);
    Task<IReadOnlyList<ExperimentSummary>> List();
}

/// <summary>One launched sweep (key: experiment id).</summary>
public interface IExperimentGrain : IGrainWithStringKey
{
    Task<ExperimentView?> GetView();
    Task Cancel();
    Task Subscribe(IExperimentObserver observer);
    Task Unsubscribe(IExperimentObserver observer);
}

/// <summary>One training run (key: run id). Clients read it; workers report to it under a lease.</summary>
public interface ITrainingRunGrain : IGrainWithStringKey
{
    Task<RunView?> GetView();
    /// <summary>Curve points with iteration &gt;= fromIteration, in order, each iteration once.</summary>
    Task<IReadOnlyList<CurvePoint>> GetCurve(long fromIteration = 0);
    Task Cancel();
    /// <summary>Queues a failed or cancelled run again; its attempts and reasons are kept.</summary>
    Task Retry();
    Task Subscribe(IRunObserver observer);
    Task Unsubscribe(IRunObserver observer);
}

/// <summary>Receives a run's updates (grain observer).</summary>
public interface IRunObserver : IGrainObserver
{
    [OneWay]
    Task OnRunUpdate(RunUpdate update);
}

/// <summary>Receives an experiment's updates (grain observer).</summary>
public interface IExperimentObserver : IGrainObserver
{
    [OneWay]
    Task OnExperimentUpdate(ExperimentUpdate update);
}

/// <summary>The cluster as the dashboard's cluster page and `osc cluster` show it.</summary>
public interface IClusterStatusGrain : IGrainWithIntegerKey
{
    Task<ClusterView> GetView();
}
