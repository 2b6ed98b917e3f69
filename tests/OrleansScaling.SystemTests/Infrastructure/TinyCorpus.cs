namespace OrleansScaling.SystemTests.Infrastructure;

/// <summary>A small deterministic text corpus in a folder every silo of the test can read (they share the machine).</summary>
public static class TinyCorpus
{
    public static string Write(string folder, int sentences = 6000)
    {
        Directory.CreateDirectory(folder);
        string[] words = ["the", "cat", "sat", "on", "a", "mat", "while", "dogs", "ran", "past", "quickly", "home"];
        File.WriteAllLines(Path.Combine(folder, "corpus.txt"), Enumerable.Range(0, sentences).Select(i =>
            $"sentence {i}: " + string.Join(' ', Enumerable.Range(0, 8).Select(k => words[(i * 7 + k * k + i / 3) % words.Length])) + "."));
        return folder;
    }
}
