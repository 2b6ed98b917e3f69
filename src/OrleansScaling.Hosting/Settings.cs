using Microsoft.Extensions.Configuration;

namespace OrleansScaling.Hosting;

/// <summary>Reads a settings section; a value of the wrong type is an <see cref="InvalidSettingException"/> naming it.</summary>
public static class Settings
{
    public static T Read<T>(IConfiguration configuration, string section) where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidSettingException($"{e.Message} Fix that value; docs/configuration.md lists each setting.", e);
        }
    }
}
