namespace Hamdel.Text.Eval;

/// <summary>Finds the repository (the folder with Hamdel.slnx) and the shared data beside it.</summary>
internal static class RepoPaths
{
    public static string Root()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Hamdel.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Hamdel.slnx not found above the current or the program's folder.");
    }

    /// <summary>The shared data sets: ../shared/data/text relative to the repository root.</summary>
    public static string SharedText(string? root = null) =>
        Path.GetFullPath(Path.Combine(root ?? Root(), "..", "shared", "data", "text"));
}
