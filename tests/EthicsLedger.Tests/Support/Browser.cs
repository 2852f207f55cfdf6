using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace EthicsLedger.Tests.Support;

/// <summary>
/// Headless Chromium from Debian's <c>chromium</c> package, driven by its <c>chromium-driver</c> (the two always
/// the same version); nothing is downloaded at run time. <c>.ci/run</c> installs both.
/// </summary>
public sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverFolder = "/usr/bin";

    public IWebDriver Driver { get; }

    public Browser(int width = 1200, int height = 1000)
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(Path.Combine(DriverFolder, "chromedriver")))
            throw new InvalidOperationException("The browser tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver (.ci/run does).");
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", $"--window-size={width},{height}");
        var service = ChromeDriverService.CreateDefaultService(DriverFolder, "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public void Open(Uri url) => Driver.Navigate().GoToUrl(url);

    /// <summary>Waits until <paramref name="done"/> holds (a page load, a redirect), up to 15 s.</summary>
    public void WaitFor(Func<IWebDriver, bool> done)
    {
        try { new WebDriverWait(Driver, TimeSpan.FromSeconds(15)).Until(done); }
        catch (WebDriverTimeoutException e) { throw new WebDriverTimeoutException($"{e.Message} at {Driver.Url}:\n{Driver.FindElement(By.TagName("body")).Text}", e); }
    }

    public string Text(string css) => Driver.FindElement(By.CssSelector(css)).Text;

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}
