using OrleansScaling.Cli.Commands;
using OrleansScaling.Cli.Infrastructure;

// `osc`: the OrleansScaling command line. Each verb lives in its own file under Commands/.
var commands = new ICommand[]
{
    new TrainCommand(),
    new PlanCommand(),
    new AnalyzeCommand(),
};
return await CommandRouter.RunAsync(commands, args, Console.Out, Console.Error);
