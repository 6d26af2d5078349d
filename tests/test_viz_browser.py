"""The interactive page in a real headless Chromium: what an analyst sees and clicks.

One browser session serves every test (it is the slow part). The page is loaded over
file:// from a temporary directory; Chromium runs with background networking off, and the
tests check from the browser itself that the page made no request beyond its own file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest
from conftest import DATA_DIR
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from iktw_kg.export import sorted_quads
from iktw_kg.mapping import build_dataset
from iktw_kg.network import PolicyNetwork, filter_network, load_network, project_network
from iktw_kg.ns import ID, IKTW
from iktw_kg.pipeline import load_checked
from iktw_kg.viz import visualise, write_visualisation
from iktw_kg.viz_style import Lang

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1600,1000",
)
EO_14110 = "policy/eo-14110"
HOSTILE_LABEL = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> EO & co'
HOSTILE_QUOTE = "</script><script>window.__pwned = 3</script> 권한 부여"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    assert not missing, f"{missing} not installed; run .ci/run (Debian packages chromium, chromium-driver)"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def network() -> PolicyNetwork:
    return load_network(DATA_DIR)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("viz-out")
    result = visualise(DATA_DIR, out / "network.html", lang=Lang.KO)
    return result.written[0]


def open_page(browser: webdriver.Chrome, path: Path) -> None:
    browser.get(path.as_uri())
    WebDriverWait(browser, 20).until(
        lambda driver: driver.find_element(By.ID, "network").get_attribute("data-ready") == "true"
    )


def drawn(browser: webdriver.Chrome, selector: str) -> list[str]:
    """data-id (nodes) or source|relation|target (edges) of the elements actually displayed."""
    return browser.execute_script(
        """return [...document.querySelectorAll(arguments[0])]
             .filter((el) => getComputedStyle(el).display !== 'none' && el.getBBox().width + el.getBBox().height > 0)
             .map((el) => el.dataset.id || el.getAttribute('class'));""",
        selector,
    )


def drawn_node_ids(browser: webdriver.Chrome) -> set[str]:
    return set(drawn(browser, "#nodes > g.node"))


def details_text(browser: webdriver.Chrome) -> str:
    return browser.find_element(By.ID, "details").text


def click_node(browser: webdriver.Chrome, node: str) -> None:
    circle = browser.find_element(By.CSS_SELECTOR, f'#nodes > g.node[data-id="{node}"] circle')
    circle.click()
    WebDriverWait(browser, 5).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, "#details .fact"))


def test_page_draws_every_node_and_edge_of_the_network(browser, page, network, tmp_path):
    open_page(browser, page)
    assert len(drawn(browser, "#nodes > g.node")) == network.graph.number_of_nodes() == 101
    assert len(drawn(browser, "#edges > line.edge")) == network.graph.number_of_edges() == 125
    assert drawn_node_ids(browser) == set(network.graph.nodes)
    assert [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"] == []
    status = browser.find_element(By.ID, "status").text
    assert status == "101 노드 · 125 연결"
    legend = browser.find_element(By.ID, "legend").text
    assert "정책 (43)" in legend and "기술 (48)" in legend and "대상 기술" in legend
    labels = browser.execute_script(
        "return [...document.querySelectorAll('#nodes > g.prominent text')].map((t) => t.textContent)"
    )
    assert "제14차 5개년 규획" in labels and "미국" in labels
    screenshot = tmp_path / "out" / "network-page.png"
    screenshot.parent.mkdir()
    assert browser.save_screenshot(str(screenshot))
    image = matplotlib.image.imread(screenshot)
    rgb = (image[..., :3] * 255).round().astype(np.uint32)
    colours = np.unique(rgb[..., 0] << 16 | rgb[..., 1] << 8 | rgb[..., 2])
    assert len(colours) > 100, "the screenshot is (nearly) blank"
    policy_orange = np.array([0xD9, 0x5F, 0x02])
    assert (np.abs(image[..., :3] * 255 - policy_orange).sum(axis=-1) < 6).sum() > 500


def test_country_filter_shows_exactly_that_countrys_network(browser, page, network):
    open_page(browser, page)
    Select(browser.find_element(By.ID, "country-filter")).select_by_value("country/cn")
    expected = filter_network(network, ["country/cn"])
    assert drawn_node_ids(browser) == set(expected.graph.nodes)
    assert len(drawn(browser, "#edges > line.edge")) == expected.graph.number_of_edges()
    assert {"policy/cn-14th-five-year-plan", "tech/seawater-desalination", "tech/hydrogen-production"} <= (
        drawn_node_ids(browser)
    )
    assert EO_14110 not in drawn_node_ids(browser)
    Select(browser.find_element(By.ID, "technology-filter")).select_by_value("tech/lithium-battery")
    both = filter_network(network, ["country/cn"], ["tech/lithium-battery"])
    assert drawn_node_ids(browser) == set(both.graph.nodes)
    assert "policy/cn-nev-industry-development-plan-2021-2035" in drawn_node_ids(browser)
    assert browser.find_element(By.ID, "status").text == f"{len(both.graph)} 노드 · {both.graph.number_of_edges()} 연결"
    browser.find_element(By.ID, "reset").click()
    assert len(drawn_node_ids(browser)) == network.graph.number_of_nodes()


def test_clicking_a_node_shows_its_names_and_the_page_to_cite(browser, page):
    open_page(browser, page)
    click_node(browser, EO_14110)
    text = details_text(browser)
    assert text.startswith("행정명령 14110호\nExecutive Order 14110")
    assert "기사 6 「미국 클라우드 업체의 고객 정보 수집·보고 의무 규칙」 · 7쪽" in text
    assert "대규모 AI 모델 훈련에 동원되는 경우 이를 상무부에 보고하도록 요구할 수 있는 권한 부여" in text
    assert "AI 모델 훈련" in text and "미국" in text
    browser.find_element(By.ID, "lang-en").click()
    text = details_text(browser)
    assert text.startswith("Executive Order 14110\n행정명령 14110호")
    assert "Article 6 「US rule obliging cloud providers to collect and report customer information」 · p. 7" in text
    assert "AI model training" in text
    # Following a link in the panel selects the other end of the edge.
    link = next(b for b in browser.find_elements(By.CSS_SELECTOR, "#details .fact .link") if b.text == "United States")
    link.click()
    assert details_text(browser).startswith("United States\n미국")
    assert browser.current_url.endswith("#country%2Fus")
    # The address names the selected node, so a link opens the page on it.
    browser.get(page.as_uri() + "#" + "policy%2Fcn-14th-five-year-plan")
    browser.refresh()
    WebDriverWait(browser, 20).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, "#details .fact"))
    assert "제14차 5개년 규획" in details_text(browser)
    browser.find_element(By.ID, "lang-ko").click()


def test_search_highlights_matches_and_enter_selects_the_best(browser, page):
    open_page(browser, page)
    search = browser.find_element(By.ID, "search")
    search.send_keys("K-Battery")
    matches = browser.execute_script(
        "return [...document.querySelectorAll('#nodes > g.node.match')].map((g) => g.dataset.id)"
    )
    assert matches == ["policy/kr-k-battery-strategy-2030"]
    search.send_keys(Keys.ENTER)
    text = details_text(browser)
    assert text.startswith("2030 이차전지 산업(K-Battery) 발전전략")
    assert "3쪽" in text and "배터리" in text and "한국" in text


def test_no_request_leaves_the_page(browser, page):
    browser.get_log("performance")  # drop what earlier tests logged
    open_page(browser, page)
    click_node(browser, EO_14110)
    requested = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
    assert requested == [page.as_uri()]
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    html = page.read_text(encoding="utf-8")
    data_block = r'<script type="application/json" id="network-data">.*?</script>'
    outside_data, blocks = re.subn(data_block, "", html, flags=re.S)
    assert blocks == 1 and len(outside_data) < len(html) / 2
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", outside_data, flags=re.I)
    assert not re.search(r"\b(src|href)\s*=", outside_data, flags=re.I)
    assert "default-src 'none'" in outside_data


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real graph with EO 14110's labels and one quote replaced by markup.

    The YAML loader refuses markup in names, so the labels are changed in the RDF itself:
    the page must stay safe whatever graph it is given.
    """
    dataset = build_dataset(load_checked(DATA_DIR))
    eo = URIRef(ID[EO_14110])
    for graph in dataset.graphs():
        for label in list(graph.objects(eo, SKOS.prefLabel)):
            graph.remove((eo, SKOS.prefLabel, label))
            graph.add((eo, SKOS.prefLabel, Literal(HOSTILE_LABEL, lang=label.language)))
        for evidence in list(graph.subjects(IKTW.quote, None)):
            if (evidence, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"), eo) in graph:
                for quote in list(graph.objects(evidence, IKTW.quote)):
                    graph.remove((evidence, IKTW.quote, quote))
                graph.add((evidence, IKTW.quote, Literal(HOSTILE_QUOTE)))
    out = tmp_path_factory.mktemp("hostile")
    network = project_network(sorted_quads(dataset))
    return write_visualisation(network, out / "network.html", Lang.KO).written[0]


def test_markup_in_labels_and_quotes_is_shown_as_text(browser, hostile_page):
    html = hostile_page.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html and "\\u003cscript\\u003ewindow.__pwned" in html
    open_page(browser, hostile_page)
    caption = browser.find_element(By.CSS_SELECTOR, f'#nodes > g.node[data-id="{EO_14110}"] text')
    assert caption.get_attribute("textContent") == HOSTILE_LABEL
    click_node(browser, EO_14110)
    assert browser.find_element(By.CSS_SELECTOR, "#details h2").text == HOSTILE_LABEL
    assert HOSTILE_QUOTE in details_text(browser)
    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.execute_script("return document.scripts.length") == 2
    assert browser.find_elements(By.CSS_SELECTOR, "#details img, #details script, #nodes script") == []


def test_page_data_lists_every_country_and_technology_filter(browser, page, network):
    open_page(browser, page)
    countries = [o.get_attribute("value") for o in Select(browser.find_element(By.ID, "country-filter")).options]
    assert countries[0] == "" and set(countries[1:]) == set(network.countries)
    assert {"country/kr", "country/cn", "country/us", "union/eu", "country/jp", "country/in", "country/tw"} == set(
        countries[1:]
    )
    technologies = Select(browser.find_element(By.ID, "technology-filter")).options
    assert len(technologies) - 1 == len(network.technologies)
