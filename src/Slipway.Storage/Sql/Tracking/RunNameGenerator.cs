using System.Globalization;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>Friendly run names in MLflow's style: <c>adjective-noun-123</c>.</summary>
internal static class RunNameGenerator
{
    private static readonly string[] Adjectives =
    [
        "abundant", "adaptable", "agreeable", "amazing", "amusing", "bedecked", "bemused", "blushing",
        "bold", "brawny", "bright", "burly", "calm", "capable", "carefree", "caring", "casual", "charming",
        "chill", "classy", "clean", "clumsy", "colorful", "crawling", "dapper", "debonair", "delicate",
        "efficient", "enchanting", "enthused", "exultant", "fearless", "flawless", "fortunate",
        "funny", "gaudy", "gentle", "gifted", "glamorous", "grandiose", "gregarious", "handsome", "hilarious",
        "honorable", "illustrious", "incongruous", "indecisive", "industrious", "intelligent", "inquisitive",
        "intrigued", "invincible", "judicious", "kindly", "languid", "learned", "legendary", "likeable",
        "loud", "luminous", "luxuriant", "lyrical", "magnificent", "marvelous", "masked", "melodic",
        "merciful", "mercurial", "monumental", "mysterious", "nebulous", "nervous", "nimble", "nosy",
        "omniscient", "orderly", "overjoyed", "peaceful", "painted", "persistent", "placid", "polite",
        "popular", "powerful", "puzzled", "rambunctious", "rare", "rebellious", "respected", "resilient",
        "righteous", "receptive", "redolent", "rogue", "rumbling", "salty", "sassy", "secretive",
        "selective", "sedate", "serious", "shivering", "skillful", "sincere", "skittish", "silent", "smiling",
        "sneaky", "sophisticated", "spiffy", "stately", "suave", "stylish", "tasteful", "thoughtful",
        "thundering", "traveling", "treasured", "trusting", "unequaled", "upset", "unique", "unleashed",
        "useful", "upbeat", "unruly", "valuable", "vaunted", "victorious", "welcoming", "whimsical", "wistful",
        "wise", "worried", "youthful", "zealous",
    ];

    private static readonly string[] Nouns =
    [
        "ant", "ape", "asp", "auk", "bass", "bat", "bear", "bee", "bird", "boar", "bug", "calf", "carp",
        "cat", "chimp", "cod", "colt", "conch", "cow", "crab", "crane", "croc", "crow", "cub", "deer", "doe",
        "dog", "dolphin", "donkey", "dove", "duck", "eel", "elk", "fawn", "finch", "fish", "flea", "fly",
        "foal", "fowl", "fox", "frog", "gnat", "gnu", "goat", "goose", "grouse", "grub", "gull", "hare",
        "hawk", "hen", "hog", "horse", "hound", "jay", "kit", "kite", "koi", "lamb", "lark", "loon", "lynx",
        "mare", "midge", "mink", "mole", "moose", "moth", "mouse", "mule", "newt", "owl", "ox", "panda",
        "penguin", "perch", "pig", "pug", "quail", "ram", "rat", "ray", "robin", "roo", "rook", "seal",
        "shad", "shark", "sheep", "shoat", "shrew", "shrike", "shrimp", "skink", "skunk", "sloth", "slug",
        "smelt", "snail", "snake", "snipe", "sow", "sponge", "squid", "squirrel", "stag", "steed", "stoat",
        "stork", "swan", "tern", "toad", "trout", "turtle", "vole", "wasp", "whale", "wolf", "worm", "wren",
        "yak", "zebra",
    ];

    public static string Next() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Adjectives[Random.Shared.Next(Adjectives.Length)]}-{Nouns[Random.Shared.Next(Nouns.Length)]}-{Random.Shared.Next(1000)}");
}
