"""One spider per applicant-tracking system, by the ATS kind it reads (``crawlers.sources.ATS``)."""

from __future__ import annotations

from crawlers.spiders.ashby import AshbySpider
from crawlers.spiders.base import BoardSpider
from crawlers.spiders.greenhouse import GreenhouseSpider
from crawlers.spiders.lever import LeverSpider
from crawlers.spiders.personio import PersonioSpider
from crawlers.spiders.recruitee import RecruiteeSpider
from crawlers.spiders.smartrecruiters import SmartRecruitersSpider
from crawlers.spiders.teamtailor import TeamtailorSpider
from crawlers.spiders.workable import WorkableSpider

SPIDERS: dict[str, type[BoardSpider]] = {
    spider.ats: spider
    for spider in (
        RecruiteeSpider,
        GreenhouseSpider,
        LeverSpider,
        AshbySpider,
        WorkableSpider,
        SmartRecruitersSpider,
        PersonioSpider,
        TeamtailorSpider,
    )
    if spider.ats
}
