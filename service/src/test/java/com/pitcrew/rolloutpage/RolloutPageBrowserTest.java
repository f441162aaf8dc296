package com.pitcrew.rolloutpage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.pitcrew.intent.CorpusFile;
import com.pitcrew.intent.Intent;
import com.pitcrew.intent.LabelledMessage;
import com.pitcrew.report.Wilson;
import com.pitcrew.storage.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The rollout page in a real browser: headless Debian Chromium driven by its chromedriver through Selenium. A seeded
 * H2 database behind the real application; the page shows the seeded figures (and the markup in a message as text),
 * a label button stores a label that the export then carries in the corpus format {@code eval} reads, and the kill
 * switch engages from the page's form, in the database and on the page.
 *
 * <p>Without {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} the test is skipped, unless
 * {@code PITCREW_TEST_BROWSER=1} (CI) says a browser must be there: then it fails.
 */
class RolloutPageBrowserTest {

    static final String BROWSER_ENV = "PITCREW_TEST_BROWSER";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    private TestDatabase database;
    private RolloutApp app;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String missing = "headless Chromium needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian packages chromium and chromium-driver)";
            if ("1".equals(System.getenv(BROWSER_ENV))) {
                fail(BROWSER_ENV + "=1 but " + missing);
            }
            Assumptions.abort("skipped: " + missing + "; set " + BROWSER_ENV + "=1 to fail instead");
        }
        database = TestDatabase.h2();
        app = new RolloutApp(database, Files.createDirectories(dir.resolve("logs")));
        RolloutSeed.seed(app.jdbi(), System.currentTimeMillis());
        browser = chromium(Files.createDirectories(dir.resolve("chromium-profile")));
    }

    /** The Debian binaries, named explicitly: Selenium Manager never runs (the network may be closed). */
    private static WebDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }

    @AfterEach
    void stop() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (app != null) {
                app.close();
            }
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void showsTheSeededRolloutLabelsADisagreementAndEngagesTheKillSwitch() throws Exception {
        browser.get(app.pageUrl());
        assertThat(browser.getTitle()).isEqualTo("PitCrew rollout");
        assertThat(text("rollout-share")).contains("30 of 40 = 75.0 %");
        assertThat(text("skip-share")).contains("12 of 30 flag-on requests skipped LLM validation = 40.0 %");
        double[] interval = Wilson.interval95(20, 19);
        assertThat(interval[0]).isBetween(0.76, 0.77);
        assertThat(text("shadow-precision")).contains("19 of 20 agreed = 0.950")
                .contains(String.format(Locale.ROOT, "95 %% Wilson interval %.3f – %.3f", interval[0], interval[1]));
        assertThat(text("cohorts")).contains("flag on 30 1 0.033").contains("flag off 10 0 0.000 1005");
        assertThat(text("latency")).contains("skipped 12 105").contains("validated 28 913");
        assertThat(text("feedback")).contains("skipped 2 1 0.333").contains("validated 0 1 1.000");
        assertThat(text("guards")).contains("shadow precision ok 19 of 20 agreed")
                .contains("error rate not enough data").contains("latency not enough data")
                .contains("feedback not enough data");
        assertThat(text("breakers")).contains(RolloutSeed.RULE).contains("open (no skipping)")
                .contains("30 of 40 agreed").contains("rule-trust");
        assertThat(text("kill-switch-state")).startsWith("clear");

        // The markup in a message is shown as text, not run or rendered.
        long scriptRow = RolloutSeed.labelId(app.jdbi(), RolloutSeed.SCRIPT_TEXT);
        WebElement row = browser.findElement(By.id("disagreement-" + scriptRow));
        assertThat(row.findElement(By.className("message")).getText()).isEqualTo(RolloutSeed.SCRIPT_TEXT);
        assertThat(row.findElements(By.tagName("b"))).isEmpty();
        assertThat(row.getText()).contains("search_calls").contains("meeting_question");

        // Label it: the pattern was right after all.
        submit(row.findElement(By.cssSelector("button[name=intent][value=search_calls]")));
        assertThat(browser.getCurrentUrl()).as(browser.getPageSource()).isEqualTo(app.pageUrl());
        WebElement labelled = browser.findElement(By.id("disagreement-" + scriptRow));
        assertThat(labelled.findElement(By.className("human-label")).getText()).startsWith("search_calls");

        browser.get(app.pageUrl() + "/labels.jsonl");
        String export = browser.findElement(By.tagName("body")).getText();
        Path file = dir.resolve("labels.jsonl");
        Files.writeString(file, export + "\n", StandardCharsets.UTF_8);
        List<LabelledMessage> corpus = CorpusFile.readLabelled(file);
        assertThat(corpus).containsExactly(new LabelledMessage(RolloutSeed.SCRIPT_TEXT, Intent.SEARCH_CALLS));
        assertThat(export).contains("\"llm_intent\":\"meeting_question\"").contains("\"labelled_by\":\"rollout-page\"");

        // Engage the kill switch from the page, with a reason.
        browser.get(app.pageUrl());
        browser.findElement(By.id("kill-switch-reason")).sendKeys("browser test: <b>red flag</b> in the figures");
        browser.findElement(By.id("kill-switch-by")).sendKeys("ops-on-call");
        submit(browser.findElement(By.id("kill-switch-engage")));
        assertThat(browser.getCurrentUrl()).as(browser.getPageSource()).isEqualTo(app.pageUrl());
        assertThat(text("kill-switch-state")).startsWith("ENGAGED");
        assertThat(text("kill-switch-last")).contains("by ops-on-call")
                .contains("browser test: <b>red flag</b> in the figures");
        assertThat(app.killSwitchRow()).containsExactly("true", "browser test: <b>red flag</b> in the figures",
                "ops-on-call");
    }

    /** Clicks a submit button and waits until the page it led to (after the 303 back) has replaced this one. */
    private void submit(WebElement button) {
        WebElement before = browser.findElement(By.tagName("html"));
        button.click();
        await().atMost(Duration.ofSeconds(30)).until(() -> stale(before) && "complete".equals(
                ((JavascriptExecutor) browser).executeScript("return document.readyState")));
    }

    private static boolean stale(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        }
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText().replaceAll("\\s+", " ");
    }
}
