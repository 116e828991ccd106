using System.Reflection;
using LogAnalyzer.Core.Llm;

namespace LogAnalyzer.Tests.Llm;

/// <summary>One arrow only: the pipeline (Analysis) calls the LLM stage; nothing in Llm depends on Analysis.</summary>
public sealed class LlmLayeringTests
{
    [Fact]
    public void LlmNamespace_UsesNoTypeOfTheAnalysisNamespace()
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var llmTypes = typeof(LlmOptions).Assembly.GetTypes().Where(t => t.Namespace == "LogAnalyzer.Core.Llm");

        var offenders = (
            from type in llmTypes
            from used in type.GetFields(All).Select(f => f.FieldType)
                .Concat(type.GetConstructors(All).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType))
                .Concat(type.GetMethods(All).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
                .Concat(type.GetProperties(All).Select(p => p.PropertyType))
            where Expand(used).Any(t => t.Namespace == "LogAnalyzer.Core.Analysis")
            select $"{type.Name} uses {used.Name}").Distinct().ToList();

        Assert.True(offenders.Count == 0, string.Join("; ", offenders));
        Assert.Equal("LogAnalyzer.Core.Analysis", typeof(LogAnalyzer.Core.Analysis.PromptPreviewService).Namespace);
    }

    private static IEnumerable<Type> Expand(Type type) =>
        type.IsGenericType ? type.GetGenericArguments().SelectMany(Expand).Prepend(type)
        : type.HasElementType ? Expand(type.GetElementType()!).Prepend(type)
        : [type];
}
