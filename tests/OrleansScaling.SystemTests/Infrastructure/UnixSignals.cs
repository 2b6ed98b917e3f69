using System.ComponentModel;
using System.Runtime.InteropServices;

namespace OrleansScaling.SystemTests.Infrastructure;

/// <summary>SIGTERM, which .NET's Process API lacks: the graceful stop a service manager sends.</summary>
internal static class UnixSignals
{
    private const int SigTerm = 15;

    public static void Terminate(int processId)
    {
        if (Kill(processId, SigTerm) != 0)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"kill({processId}, SIGTERM) failed");
    }

    // DllImport rather than LibraryImport: the latter needs unsafe code enabled for the whole test project.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
