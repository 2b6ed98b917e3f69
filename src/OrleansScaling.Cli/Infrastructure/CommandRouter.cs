using System.Text;

namespace OrleansScaling.Cli.Infrastructure;

/// <summary>Finds the verb, parses its arguments, maps failures to exit codes and messages.</summary>
public static class CommandRouter
{
    /// <summary>Switches that take no value, for every verb.</summary>
    public static readonly string[] Flags = ["json", "help", "wait", "no-progress", "log-log"];

    public static async Task<int> RunAsync(IReadOnlyList<ICommand> commands, string[] args, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            await output.WriteAsync(Help(commands));
            return args.Length == 0 ? ExitCodes.BadInput : ExitCodes.Success;
        }
        var command = commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            await error.WriteLineAsync($"osc: unknown command '{args[0]}'. Commands: {string.Join(", ", commands.Select(c => c.Name))}.");
            return ExitCodes.BadInput;
        }
        try
        {
            var parsed = CliArgs.Parse(args[1..], Flags);
            if (parsed.Flag("help"))
            {
                await output.WriteLineAsync(command.Usage);
                return ExitCodes.Success;
            }
            return await command.RunAsync(parsed, output, cancellationToken);
        }
        catch (CliException e)
        {
            await error.WriteLineAsync($"osc {command.Name}: {e.Message}");
            if (e.ExitCode == ExitCodes.BadInput) await error.WriteLineAsync(command.Usage);
            return e.ExitCode;
        }
        catch (ArgumentException e)
        {
            // Science and engine validation name the field in their messages.
            await error.WriteLineAsync($"osc {command.Name}: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    private static string Help(IReadOnlyList<ICommand> commands)
    {
        var text = new StringBuilder("osc — OrleansScaling: plan, train and analyze one-epoch scaling sweeps.\n\nCommands:\n");
        foreach (var c in commands) text.Append($"  {c.Name,-12} {c.Summary}\n");
        text.Append("\n`osc COMMAND --help` shows a command's options. Exit codes: 0 ok, 2 bad input, 3 not found, 4 cluster unreachable.\n");
        return text.ToString();
    }
}
