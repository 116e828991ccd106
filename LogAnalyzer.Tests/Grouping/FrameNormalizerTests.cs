using LogAnalyzer.Core.Grouping;

namespace LogAnalyzer.Tests.Grouping;

public sealed class FrameNormalizerTests
{
    [Theory]
    [InlineData("Shop.Orders.OrderService.<LoadAsync>d__5.MoveNext()", "Shop.Orders.OrderService.LoadAsync")]
    [InlineData("Shop.Orders.OrderService.<>c__DisplayClass3_0.<Load>b__0(Int32 id)", "Shop.Orders.OrderService.Load")]
    [InlineData("Shop.Orders.OrderService.<>c.<Main>b__0_0()", "Shop.Orders.OrderService.Main")]
    [InlineData("Shop.Orders.OrderService.<>c__DisplayClass1_0.<<Run>b__0>d.MoveNext()", "Shop.Orders.OrderService.Run")]
    [InlineData("Shop.Orders.Repository`1.Find[TKey](TKey key)", "Shop.Orders.Repository.Find")]
    [InlineData("com.acme.orders.OrderClient.lambda$fetch$0(OrderClient.java:42)", "com.acme.orders.OrderClient.fetch")]
    [InlineData("com.acme.orders.OrderClient$1.run(OrderClient.java:77)", "com.acme.orders.OrderClient.run")]
    [InlineData("com.acme.orders.OrderClient$$Lambda$412/0x0000000800c0b440.apply", "com.acme.orders.OrderClient.apply")]
    [InlineData("com.acme.orders.OrderClient$Retry.call(OrderClient.java:12)", "com.acme.orders.OrderClient$Retry.call")]
    [InlineData("<lambda>", "")]
    [InlineData("Object.<anonymous>", "Object")]
    [InlineData("async OrderService.load", "OrderService.load")]
    [InlineData("main.(*Server).handle.func1", "main.(*Server).handle")]
    [InlineData("block (2 levels) in process", "process")]
    [InlineData("App\\Http\\OrderController->show", "App\\Http\\OrderController->show")]
    public void Normalize_CompilerAndRuntimeNoise_Stripped(string function, string expected)
    {
        Assert.Equal(expected, FrameNormalizer.Normalize(function));
    }

    [Fact]
    public void Short_QualifiedName_KeepsTypeAndMethod()
    {
        Assert.Equal("OrderClient.fetch", FrameNormalizer.Short("com.acme.orders.OrderClient.fetch"));
    }
}
