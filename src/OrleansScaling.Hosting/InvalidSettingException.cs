namespace OrleansScaling.Hosting;

/// <summary>
/// A setting a process cannot start with. The message names the setting (section:key, and its environment form) and
/// the fix; <see cref="StartupRefusal"/> prints it as one line and exits 2.
/// </summary>
public sealed class InvalidSettingException(string message, Exception? inner = null) : ArgumentException(message, inner);
