namespace Hamdel.Text.Tests;

/// <summary>Locates the repository root (the folder with Hamdel.slnx) and the shared data beside it.</summary>
internal static class TestPaths
{
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Hamdel.slnx")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("Hamdel.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);
}
