namespace OrleansScaling.Grains.Hosting;

/// <summary>Names of grain storage the grains use.</summary>
public static class StorageNames
{
    /// <summary>The grain storage provider every OrleansScaling grain names in [PersistentState].</summary>
    public const string Provider = "scaling";
}
