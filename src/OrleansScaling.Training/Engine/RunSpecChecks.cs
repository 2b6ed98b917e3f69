using OrleansScaling.Science.Runs;

namespace OrleansScaling.Training.Engine;

/// <summary>Refuses a run spec the engine cannot train: the science core's one set of rules (<see cref="RunSpecValidation"/>).</summary>
public static class RunSpecChecks
{
    public static void Validate(RunSpec spec) => RunSpecValidation.Validate(spec);
}
