use super::*;

fn run(text: &str, dialect: Dialect, markdown: bool) -> Expanded {
    let variables = BTreeMap::from([
        ("site.url".to_string(), "https://j.example.com".to_string()),
        ("site.baseurl".to_string(), "/blog".to_string()),
    ]);
    expand_templates(
        text,
        &TemplateEnv {
            dialect,
            markdown,
            variables: &variables,
            first_line: 10,
        },
    )
}

#[test]
fn hugo_figure_highlight_and_refs() {
    let out = run(
        "See [other]({{< ref \"posts/other.md\" >}}).\n\n{{< figure src=\"cat.jpg\" caption=\"A *cat*\" >}}\n\n{{< highlight go >}}\nfunc main() {}\n{{< /highlight >}}\n",
        Dialect::Hugo,
        true,
    );
    assert!(
        out.text.contains("[other](postport-ref:posts/other.md)"),
        "{}",
        out.text
    );
    assert!(out.text.contains("<figure><img src=\"cat.jpg\" alt=\"A *cat*\"><figcaption>A <em>cat</em></figcaption></figure>"), "{}", out.text);
    assert!(
        out.text
            .contains("<pre><code class=\"language-go\">func main() {}</code></pre>"),
        "{}",
        out.text
    );
    assert!(out.diagnostics.is_empty());
}

#[test]
fn hugo_escaped_shortcodes_are_literal() {
    let out = run(
        "Write `{{</* figure src=\"x\" */>}}` or {{</*figure*/>}}.",
        Dialect::Hugo,
        true,
    );
    assert_eq!(
        out.text,
        "Write `{{< figure src=\"x\" >}}` or {{&lt;figure&gt;}}."
    );
}

#[test]
fn unknown_tags_are_kept_with_one_warning_per_name() {
    let out = run(
        "{% callout-box info %}\nCareful *here*\n{% endcallout-box %}\n\nand {% callout-box %}x{% endcallout-box %}",
        Dialect::Hexo,
        true,
    );
    assert!(out.text.contains("<postport-raw data-format=\"hexo-tag\" data-block=\"block\">{% callout-box info %}</postport-raw>"), "{}", out.text);
    assert!(
        out.text.contains("Careful *here*"),
        "inner content still rendered: {}",
        out.text
    );
    assert_eq!(out.diagnostics.len(), 1);
    assert!(
        out.diagnostics[0].message.contains("`callout-box`")
            && out.diagnostics[0].message.contains("2 times")
    );
    assert_eq!(out.diagnostics[0].position.map(|p| p.line), Some(10));
}

#[test]
fn hexo_tags() {
    let out = run(
        "{% asset_img cat.jpg \"A cat\" %}\n\n{% post_link hello-world %} and {% post_link other 'The Other' %}\n\n{% codeblock lang:js %}\nalert(1 < 2)\n{% endcodeblock %}\n\n{% blockquote David Levithan, Wide Awake %}\nWords\n{% endblockquote %}\n\n{% youtube abc123 %}",
        Dialect::Hexo,
        true,
    );
    let t = &out.text;
    assert!(
        t.contains("<img src=\"cat.jpg\" alt=\"A cat\" title=\"A cat\">"),
        "{t}"
    );
    assert!(
        t.contains("<a href=\"postport-ref:hello-world\"></a>"),
        "{t}"
    );
    assert!(
        t.contains("<a href=\"postport-ref:other\">The Other</a>"),
        "{t}"
    );
    assert!(
        t.contains("<pre><code class=\"language-js\">alert(1 &lt; 2)</code></pre>"),
        "{t}"
    );
    assert!(
        t.contains("<footer>— David Levithan, <cite>Wide Awake</cite></footer>"),
        "{t}"
    );
    assert!(t.contains("https://www.youtube.com/embed/abc123"), "{t}");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn hexo_tags_in_code_are_literal() {
    let out = run(
        "```\n{% asset_img x.png %}\n```\n\n`{% post_link a %}`",
        Dialect::Hexo,
        true,
    );
    assert_eq!(
        out.text,
        "```\n{% asset_img x.png %}\n```\n\n`{% post_link a %}`"
    );
}

#[test]
fn liquid() {
    let out = run(
        "{% highlight ruby %}\nputs 1\n{% endhighlight %}\n\n[x]({% post_url 2010-07-21-name %}) {{ site.baseurl }}/a {{ \"/b\" | relative_url }} {% raw %}{{ kept }}{% endraw %} {% comment %}gone{% endcomment %}",
        Dialect::Liquid,
        true,
    );
    let t = &out.text;
    assert!(
        t.contains("<pre><code class=\"language-ruby\">puts 1</code></pre>"),
        "{t}"
    );
    assert!(t.contains("[x](postport-ref:2010-07-21-name)"), "{t}");
    assert!(t.contains("/blog/a /blog/b {{ kept }} "), "{t}");
    assert!(!t.contains("gone"), "{t}");
}

#[test]
fn html_bodies_get_no_blank_lines() {
    let out = run("<p>a</p>{% youtube x %}<p>b</p>", Dialect::Hexo, false);
    assert_eq!(
        out.text,
        "<p>a</p><iframe src=\"https://www.youtube.com/embed/x\"></iframe><p>b</p>"
    );
}

#[test]
fn deep_nesting_of_tags_is_bounded() {
    let text = format!(
        "{}x{}",
        "{% blockquote %}".repeat(50),
        "{% endblockquote %}".repeat(50)
    );
    let out = run(&text, Dialect::Hexo, true);
    assert!(out.text.contains('x'));
}

#[test]
fn hexo_image_titles_and_alt_texts_split_as_hexo_does() {
    let cases = [
        (
            "{% asset_img \"sea view.png\" \"海景 图片\" %}",
            "<img src=\"sea view.png\" alt=\"海景 图片\" title=\"海景 图片\">",
        ),
        (
            "{% img /a.png 100 80 '\"The title\" \"The alt\"' %}",
            "<img src=\"/a.png\" alt=\"The alt\" title=\"The title\">",
        ),
        (
            "{% img left /a.png A plain title %}",
            "<img src=\"/a.png\" alt=\"A plain title\" title=\"A plain title\">",
        ),
    ];
    for (tag, want) in cases {
        let out = run(tag, Dialect::Hexo, true);
        assert!(out.text.contains(want), "{tag}: {}", out.text);
    }
}

#[test]
fn a_bare_post_reference_becomes_a_link() {
    let out = run(
        "See {{% ref \"about.md\" %}} and [x]({{< ref \"a.md\" >}}) and <a href=\"{{< relref \"b.md\" >}}\">b</a>.\n\n[d]: {{< ref \"d.md\" >}}",
        Dialect::Hugo,
        true,
    );
    let t = &out.text;
    assert!(
        t.contains("See <a href=\"postport-ref:about.md\"></a> and"),
        "{t}"
    );
    assert!(t.contains("[x](postport-ref:a.md)"), "{t}");
    assert!(t.contains("href=\"postport-ref:b.md\">b</a>"), "{t}");
    assert!(t.contains("[d]: postport-ref:d.md"), "{t}");
}

#[test]
fn hexo_theme_tags_become_plain_html() {
    let out = run(
        "{% note info %}\nA **note**.\n{% endnote %}\n\n\
         {% note warn For Mac users %}\nXcode.\n{% endnote %}\n\n\
         {% tabs Fruit %}\n<!-- tab Apple @apple -->\nRed.\n<!-- endtab -->\n<!-- tab -->\nGreen.\n<!-- endtab -->\n{% endtabs %}\n\n\
         {% hideToggle Open me,blue %}\nInside.\n{% endhideToggle %}\n\n\
         Press {% label primary@Start %} or {% button https://ex.org/, Go here, arrow-right %}.\n\n\
         {% mermaid graph TD %}\nA-->B\n{% endmermaid %}\n\n\
         So {% katex %}a_1{% endkatex %} and {% katex '{\"displayMode\": true}' %}b{% endkatex %}\n",
        Dialect::Hexo,
        true,
    );
    let html = crate::markdown::markdown_to_html(&out.text);
    for expected in [
        "<blockquote>\n<p>A <strong>note</strong>.</p>\n</blockquote>",
        "<blockquote>\n<p><strong>For Mac users</strong></p>\n<p>Xcode.</p>\n</blockquote>",
        "<p><strong>Apple</strong></p>\n<p>Red.</p>",
        "<p><strong>Fruit 2</strong></p>\n<p>Green.</p>",
        "<details><summary>Open me</summary>\n<p>Inside.</p>\n</details>",
        "Press Start or <a href=\"https://ex.org/\">Go here</a>.",
        "<pre><code class=\"language-mermaid\">graph TD\nA--&gt;B</code></pre>",
        "So <span class=\"math inline\">\\(a_1\\)</span> and",
        "<p><span class=\"math display\">&#92;&#91;b&#92;&#93;</span></p>",
    ] {
        assert!(html.contains(expected), "{expected}\n---\n{html}");
    }
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn hugo_theme_shortcodes_become_plain_html() {
    let out = run(
        "{{% notice warning \"Mind\" %}}\nBe *careful*.\n{{% /notice %}}\n\n\
         {{< alert title=\"Heads up\" >}}Read this.{{< /alert >}}\n\n\
         {{% expand \"More\" %}}\nHidden.\n{{% /expand %}}\n\n\
         {{< tabs \"os\" >}}\n{{< tab \"Linux\" >}}Use apt.{{< /tab >}}\n{{< /tabs >}}\n\n\
         {{< img src=\"cat.png\" alt=\"A cat\" caption=\"My *cat*\" >}}\n\n\
         {{< imgproc sunset Fill \"600x300\" >}}\nScaled *down*.\n{{< /imgproc >}}\n\n\
         Area {{< katex >}}\\pi r^2{{< /katex >}} and\n\n\
         {{< katex display=true >}}\\sum_i x_i{{< /katex >}}\n\n\
         {{< columns >}}\nLeft\n<--->\nRight\n{{< /columns >}}\n\n\
         {{< button href=\"/docs/\" >}}Docs{{< /button >}}\n\n\
         {{< code-toggle file=\"hugo\" >}}\nbaseURL = 1\n{{< /code-toggle >}}\n",
        Dialect::Hugo,
        true,
    );
    let html = crate::markdown::markdown_to_html(&out.text);
    for expected in [
        "<blockquote>\n<p><strong>Mind</strong></p>\n<p>Be <em>careful</em>.</p>\n</blockquote>",
        "<blockquote>\n<p><strong>Heads up</strong></p>\n<p>Read this.</p>\n</blockquote>",
        "<details><summary>More</summary>\n<p>Hidden.</p>\n</details>",
        "<p><strong>Linux</strong></p>\n<p>Use apt.</p>",
        "<figure><img src=\"cat.png\" alt=\"A cat\"><figcaption>My <em>cat</em></figcaption></figure>",
        "<figure><img src=\"sunset\" alt=\"Scaled *down*.\"><figcaption>Scaled <em>down</em>.</figcaption></figure>",
        "Area <span class=\"math inline\">\\(\\pi r^2\\)</span> and",
        "<span class=\"math display\">&#92;&#91;&#92;sum&#95;i x&#95;i&#92;&#93;</span>",
        "<p>Left</p>\n<p>Right</p>",
        "<a href=\"/docs/\">Docs</a>",
        "<pre><code class=\"language-toml\">baseURL = 1</code></pre>",
    ] {
        assert!(html.contains(expected), "{expected}\n---\n{html}");
    }
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn jekyll_theme_includes_become_plain_html() {
    let out = run(
        "{% include figure image_path=\"{{ site.baseurl }}/assets/a.png\" alt=\"A\" caption=\"The *a*.\" %}\n\n\
         {% include video id=\"XsxDH4HcOWA\" provider=\"youtube\" %}\n\n\
         {% include toc %}\n\n\
         {% gist parkr/931c1c8d465a04042403 %}\n\n\
         {% youtube https://youtu.be/dQw4w9WgXcQ %}\n\n\
         {% include image.html url=page.image %}\n",
        Dialect::Liquid,
        true,
    );
    let html = crate::markdown::markdown_to_html(&out.text);
    for expected in [
        "<figure><img src=\"/blog/assets/a.png\" alt=\"A\"><figcaption>The <em>a</em>.</figcaption></figure>",
        "<iframe src=\"https://www.youtube.com/embed/XsxDH4HcOWA\"></iframe>",
        "<a href=\"https://gist.github.com/parkr/931c1c8d465a04042403\">",
        "<iframe src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\"></iframe>",
    ] {
        assert!(html.contains(expected), "{expected}\n---\n{html}");
    }
    // A variable this reader cannot know leaves the include as it was, said once.
    assert!(
        html.contains("{% include image.html url=page.image %}"),
        "{html}"
    );
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
}
