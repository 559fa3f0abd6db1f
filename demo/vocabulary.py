"""Words the demo data is written with: names, places, unions, initiative texts.

Tables are laid out by hand (``fmt: off``) so that a screen shows many entries.

Long (about 1,000 lines) because it is data, not logic: the tables are the module.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from accounts.enums import SubmitterCategory
from reviews.enums import RejectReason
from unions.enums import UnitKind

# fmt: off
SURNAMES: dict[str, float] = {
    "Nguyễn": 38, "Trần": 11, "Lê": 9.5, "Phạm": 7, "Hoàng": 4, "Phan": 4.5, "Vũ": 3.9, "Võ": 2, "Đặng": 2.1,
    "Bùi": 2, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1, "Huỳnh": 2, "Lý": 0.5, "Đinh": 0.8, "Trịnh": 0.6,
    "Mai": 0.5, "Đào": 0.5, "Lương": 0.4, "Cao": 0.4, "Hà": 0.5, "Tạ": 0.2, "Lưu": 0.3,
}
MALE_MIDDLE = ("Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "Xuân", "Duy", "Trọng", "Ngọc", "Tiến")
FEMALE_MIDDLE = ("Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Phương", "Hồng", "Minh", "Kim", "Thùy", "Bích", "Diệu")
MALE_GIVEN = (
    "An", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khánh", "Kiên", "Lâm",
    "Long", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành",
    "Trung", "Tuấn", "Tùng", "Việt", "Vinh",
)
FEMALE_GIVEN = (
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hương", "Huyền", "Lan", "Linh", "Loan",
    "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Tâm", "Thảo", "Thu", "Thủy", "Trang",
    "Vân", "Yến",
)

# Relative size of each top-level unit (provinces 1.0 and sectors 0.3 unless listed).
TOP_WEIGHTS: dict[str, float] = {
    "P01": 9, "P79": 12, "P38": 6, "P74": 7, "P75": 6, "P31": 4, "P40": 4, "P27": 3.5, "P22": 3, "P24": 3,
    "P30": 2.5, "P48": 2.5, "P80": 2.5, "P26": 2, "P92": 2, "P33": 2, "P36": 2, "P34": 2, "P77": 2, "P19": 2,
    "P46": 1.5, "P56": 1.5, "P52": 1.5, "P49": 1.5, "P25": 1.5, "P72": 1.5, "P82": 1.5, "P89": 1.5, "P91": 1.5,
    "P66": 1.5, "P68": 1.2, "P37": 1.2, "P35": 1.2, "P42": 1.2, "P51": 1.2, "P64": 1.2, "P70": 1.2,
    "P02": 0.5, "P04": 0.5, "P06": 0.4, "P11": 0.5, "P12": 0.4, "P62": 0.5, "P67": 0.5, "P58": 0.6, "P45": 0.7,
    "S01": 1, "S02": 0.8, "S13": 0.8, "S09": 0.6, "S12": 0.5, "S07": 0.5, "S08": 0.5, "S14": 0.5, "S03": 0.4,
    "S04": 0.4, "S15": 0.4, "S06": 0.4,
}
DEFAULT_PROVINCE_WEIGHT = 1.0
DEFAULT_SECTOR_WEIGHT = 0.3

# A few real districts (and towns, cities) of every province as they stood in 2022.
DISTRICTS: dict[str, tuple[str, ...]] = {
    "P01": (
        "quận Ba Đình", "quận Hoàn Kiếm", "quận Tây Hồ", "quận Long Biên", "quận Cầu Giấy", "quận Đống Đa",
        "quận Hai Bà Trưng", "quận Hoàng Mai", "quận Thanh Xuân", "quận Nam Từ Liêm", "quận Bắc Từ Liêm",
        "quận Hà Đông", "thị xã Sơn Tây", "huyện Ba Vì", "huyện Phúc Thọ", "huyện Đan Phượng", "huyện Hoài Đức",
        "huyện Quốc Oai", "huyện Thạch Thất", "huyện Chương Mỹ", "huyện Thanh Oai", "huyện Thường Tín",
        "huyện Phú Xuyên", "huyện Ứng Hòa", "huyện Mỹ Đức", "huyện Sóc Sơn", "huyện Đông Anh", "huyện Gia Lâm",
        "huyện Thanh Trì", "huyện Mê Linh",
    ),
    "P02": (
        "thành phố Hà Giang", "huyện Đồng Văn", "huyện Mèo Vạc", "huyện Yên Minh", "huyện Bắc Quang",
        "huyện Vị Xuyên",
    ),
    "P04": ("thành phố Cao Bằng", "huyện Trùng Khánh", "huyện Hòa An", "huyện Bảo Lạc", "huyện Quảng Hòa"),
    "P06": ("thành phố Bắc Kạn", "huyện Ba Bể", "huyện Chợ Đồn", "huyện Chợ Mới", "huyện Na Rì"),
    "P08": ("thành phố Tuyên Quang", "huyện Sơn Dương", "huyện Yên Sơn", "huyện Hàm Yên", "huyện Chiêm Hóa"),
    "P10": ("thành phố Lào Cai", "thị xã Sa Pa", "huyện Bảo Thắng", "huyện Bát Xát", "huyện Bắc Hà"),
    "P11": ("thành phố Điện Biên Phủ", "thị xã Mường Lay", "huyện Điện Biên", "huyện Tuần Giáo", "huyện Mường Nhé"),
    "P12": ("thành phố Lai Châu", "huyện Tam Đường", "huyện Phong Thổ", "huyện Than Uyên", "huyện Sìn Hồ"),
    "P14": ("thành phố Sơn La", "huyện Mộc Châu", "huyện Mai Sơn", "huyện Thuận Châu", "huyện Yên Châu"),
    "P15": ("thành phố Yên Bái", "thị xã Nghĩa Lộ", "huyện Văn Yên", "huyện Trấn Yên", "huyện Lục Yên"),
    "P17": ("thành phố Hòa Bình", "huyện Lương Sơn", "huyện Mai Châu", "huyện Kim Bôi", "huyện Lạc Sơn"),
    "P19": (
        "thành phố Thái Nguyên", "thành phố Sông Công", "thành phố Phổ Yên", "huyện Đại Từ", "huyện Phú Bình",
        "huyện Đồng Hỷ",
    ),
    "P20": ("thành phố Lạng Sơn", "huyện Cao Lộc", "huyện Hữu Lũng", "huyện Chi Lăng", "huyện Lộc Bình"),
    "P22": (
        "thành phố Hạ Long", "thành phố Cẩm Phả", "thành phố Uông Bí", "thành phố Móng Cái", "thị xã Quảng Yên",
        "thị xã Đông Triều", "huyện Vân Đồn",
    ),
    "P24": (
        "thành phố Bắc Giang", "huyện Việt Yên", "huyện Yên Dũng", "huyện Lạng Giang", "huyện Hiệp Hòa",
        "huyện Lục Nam",
    ),
    "P25": ("thành phố Việt Trì", "thị xã Phú Thọ", "huyện Lâm Thao", "huyện Phù Ninh", "huyện Thanh Ba"),
    "P26": ("thành phố Vĩnh Yên", "thành phố Phúc Yên", "huyện Bình Xuyên", "huyện Tam Dương", "huyện Yên Lạc"),
    "P27": (
        "thành phố Bắc Ninh", "thành phố Từ Sơn", "huyện Quế Võ", "huyện Tiên Du", "huyện Yên Phong",
        "huyện Gia Bình", "huyện Thuận Thành",
    ),
    "P30": (
        "thành phố Hải Dương", "thành phố Chí Linh", "thị xã Kinh Môn", "huyện Cẩm Giàng", "huyện Bình Giang",
        "huyện Nam Sách",
    ),
    "P31": (
        "quận Hồng Bàng", "quận Ngô Quyền", "quận Lê Chân", "quận Hải An", "quận Kiến An", "quận Đồ Sơn",
        "quận Dương Kinh", "huyện Thủy Nguyên", "huyện An Dương", "huyện An Lão", "huyện Kiến Thụy",
        "huyện Tiên Lãng", "huyện Vĩnh Bảo",
    ),
    "P33": ("thành phố Hưng Yên", "thị xã Mỹ Hào", "huyện Văn Lâm", "huyện Yên Mỹ", "huyện Khoái Châu"),
    "P34": ("thành phố Thái Bình", "huyện Thái Thụy", "huyện Tiền Hải", "huyện Kiến Xương", "huyện Vũ Thư"),
    "P35": ("thành phố Phủ Lý", "thị xã Duy Tiên", "huyện Kim Bảng", "huyện Thanh Liêm", "huyện Lý Nhân"),
    "P36": ("thành phố Nam Định", "huyện Hải Hậu", "huyện Giao Thủy", "huyện Xuân Trường", "huyện Ý Yên"),
    "P37": ("thành phố Ninh Bình", "thành phố Tam Điệp", "huyện Hoa Lư", "huyện Gia Viễn", "huyện Kim Sơn"),
    "P38": (
        "thành phố Thanh Hóa", "thành phố Sầm Sơn", "thị xã Bỉm Sơn", "thị xã Nghi Sơn", "huyện Quảng Xương",
        "huyện Hoằng Hóa", "huyện Thọ Xuân", "huyện Triệu Sơn", "huyện Đông Sơn", "huyện Hậu Lộc", "huyện Nga Sơn",
        "huyện Yên Định", "huyện Thiệu Hóa", "huyện Ngọc Lặc",
    ),
    "P40": (
        "thành phố Vinh", "thị xã Cửa Lò", "thị xã Hoàng Mai", "thị xã Thái Hòa", "huyện Diễn Châu",
        "huyện Quỳnh Lưu", "huyện Nghi Lộc", "huyện Đô Lương", "huyện Yên Thành",
    ),
    "P42": (
        "thành phố Hà Tĩnh", "thị xã Hồng Lĩnh", "thị xã Kỳ Anh", "huyện Cẩm Xuyên", "huyện Thạch Hà",
        "huyện Đức Thọ",
    ),
    "P44": ("thành phố Đồng Hới", "thị xã Ba Đồn", "huyện Bố Trạch", "huyện Quảng Ninh", "huyện Lệ Thủy"),
    "P45": ("thành phố Đông Hà", "thị xã Quảng Trị", "huyện Vĩnh Linh", "huyện Gio Linh", "huyện Hải Lăng"),
    "P46": (
        "thành phố Huế", "thị xã Hương Thủy", "thị xã Hương Trà", "huyện Phú Vang", "huyện Phú Lộc",
        "huyện Quảng Điền",
    ),
    "P48": (
        "quận Hải Châu", "quận Thanh Khê", "quận Sơn Trà", "quận Ngũ Hành Sơn", "quận Liên Chiểu", "quận Cẩm Lệ",
        "huyện Hòa Vang",
    ),
    "P49": (
        "thành phố Tam Kỳ", "thành phố Hội An", "thị xã Điện Bàn", "huyện Núi Thành", "huyện Thăng Bình",
        "huyện Duy Xuyên",
    ),
    "P51": ("thành phố Quảng Ngãi", "thị xã Đức Phổ", "huyện Bình Sơn", "huyện Sơn Tịnh", "huyện Tư Nghĩa"),
    "P52": ("thành phố Quy Nhơn", "thị xã An Nhơn", "thị xã Hoài Nhơn", "huyện Phù Cát", "huyện Tây Sơn"),
    "P54": ("thành phố Tuy Hòa", "thị xã Sông Cầu", "thị xã Đông Hòa", "huyện Tuy An", "huyện Phú Hòa"),
    "P56": (
        "thành phố Nha Trang", "thành phố Cam Ranh", "thị xã Ninh Hòa", "huyện Cam Lâm", "huyện Diên Khánh",
        "huyện Vạn Ninh",
    ),
    "P58": (
        "thành phố Phan Rang - Tháp Chàm", "huyện Ninh Hải", "huyện Ninh Phước", "huyện Ninh Sơn",
        "huyện Thuận Nam",
    ),
    "P60": (
        "thành phố Phan Thiết", "thị xã La Gi", "huyện Hàm Thuận Bắc", "huyện Hàm Thuận Nam", "huyện Tuy Phong",
        "huyện Đức Linh",
    ),
    "P62": ("thành phố Kon Tum", "huyện Đắk Hà", "huyện Đắk Tô", "huyện Ngọc Hồi", "huyện Sa Thầy"),
    "P64": ("thành phố Pleiku", "thị xã An Khê", "thị xã Ayun Pa", "huyện Chư Păh", "huyện Chư Sê", "huyện Đức Cơ"),
    "P66": (
        "thành phố Buôn Ma Thuột", "thị xã Buôn Hồ", "huyện Cư M'gar", "huyện Krông Pắc", "huyện Ea H'leo",
        "huyện Krông Ana",
    ),
    "P67": ("thành phố Gia Nghĩa", "huyện Đắk Mil", "huyện Đắk R'lấp", "huyện Cư Jút", "huyện Krông Nô"),
    "P68": (
        "thành phố Đà Lạt", "thành phố Bảo Lộc", "huyện Đức Trọng", "huyện Lâm Hà", "huyện Di Linh",
        "huyện Đơn Dương",
    ),
    "P70": (
        "thành phố Đồng Xoài", "thị xã Bình Long", "thị xã Phước Long", "thị xã Chơn Thành", "huyện Đồng Phú",
        "huyện Hớn Quản",
    ),
    "P72": (
        "thành phố Tây Ninh", "thị xã Hòa Thành", "thị xã Trảng Bàng", "huyện Gò Dầu", "huyện Dương Minh Châu",
        "huyện Châu Thành",
    ),
    "P74": (
        "thành phố Thủ Dầu Một", "thành phố Dĩ An", "thành phố Thuận An", "thị xã Tân Uyên", "thị xã Bến Cát",
        "huyện Bàu Bàng", "huyện Phú Giáo", "huyện Dầu Tiếng", "huyện Bắc Tân Uyên",
    ),
    "P75": (
        "thành phố Biên Hòa", "thành phố Long Khánh", "huyện Nhơn Trạch", "huyện Long Thành", "huyện Trảng Bom",
        "huyện Thống Nhất", "huyện Vĩnh Cửu", "huyện Xuân Lộc", "huyện Định Quán",
    ),
    "P77": (
        "thành phố Vũng Tàu", "thành phố Bà Rịa", "thị xã Phú Mỹ", "huyện Châu Đức", "huyện Xuyên Mộc",
        "huyện Long Điền", "huyện Đất Đỏ",
    ),
    "P79": (
        "thành phố Thủ Đức", "quận 1", "quận 3", "quận 4", "quận 5", "quận 6", "quận 7", "quận 8", "quận 10",
        "quận 11", "quận 12", "quận Bình Thạnh", "quận Gò Vấp", "quận Phú Nhuận", "quận Tân Bình", "quận Tân Phú",
        "quận Bình Tân", "huyện Bình Chánh", "huyện Hóc Môn", "huyện Củ Chi", "huyện Nhà Bè", "huyện Cần Giờ",
    ),
    "P80": (
        "thành phố Tân An", "thị xã Kiến Tường", "huyện Đức Hòa", "huyện Bến Lức", "huyện Cần Giuộc",
        "huyện Cần Đước",
    ),
    "P82": (
        "thành phố Mỹ Tho", "thành phố Gò Công", "thị xã Cai Lậy", "huyện Châu Thành", "huyện Chợ Gạo",
        "huyện Cái Bè",
    ),
    "P83": ("thành phố Bến Tre", "huyện Châu Thành", "huyện Giồng Trôm", "huyện Mỏ Cày Nam", "huyện Ba Tri"),
    "P84": ("thành phố Trà Vinh", "thị xã Duyên Hải", "huyện Càng Long", "huyện Cầu Kè", "huyện Tiểu Cần"),
    "P86": ("thành phố Vĩnh Long", "thị xã Bình Minh", "huyện Long Hồ", "huyện Mang Thít", "huyện Trà Ôn"),
    "P87": (
        "thành phố Cao Lãnh", "thành phố Sa Đéc", "thành phố Hồng Ngự", "huyện Lấp Vò", "huyện Tháp Mười",
        "huyện Châu Thành",
    ),
    "P89": (
        "thành phố Long Xuyên", "thành phố Châu Đốc", "thị xã Tân Châu", "huyện Châu Phú", "huyện Thoại Sơn",
        "huyện Chợ Mới",
    ),
    "P91": (
        "thành phố Rạch Giá", "thành phố Hà Tiên", "thành phố Phú Quốc", "huyện Kiên Lương", "huyện Châu Thành",
        "huyện Tân Hiệp",
    ),
    "P92": (
        "quận Ninh Kiều", "quận Bình Thủy", "quận Cái Răng", "quận Ô Môn", "quận Thốt Nốt", "huyện Phong Điền",
        "huyện Cờ Đỏ", "huyện Vĩnh Thạnh", "huyện Thới Lai",
    ),
    "P93": ("thành phố Vị Thanh", "thành phố Ngã Bảy", "thị xã Long Mỹ", "huyện Châu Thành", "huyện Phụng Hiệp"),
    "P94": ("thành phố Sóc Trăng", "thị xã Vĩnh Châu", "thị xã Ngã Năm", "huyện Mỹ Xuyên", "huyện Kế Sách"),
    "P95": ("thành phố Bạc Liêu", "thị xã Giá Rai", "huyện Hòa Bình", "huyện Phước Long", "huyện Hồng Dân"),
    "P96": (
        "thành phố Cà Mau", "huyện Thới Bình", "huyện U Minh", "huyện Trần Văn Thời", "huyện Cái Nước",
        "huyện Năm Căn",
    ),
}

PEOPLE = (
    "Nguyễn Trãi", "Lê Quý Đôn", "Trần Phú", "Chu Văn An", "Lý Thường Kiệt", "Nguyễn Du", "Trần Hưng Đạo", "Lê Lợi",
    "Quang Trung", "Nguyễn Huệ", "Phan Bội Châu", "Phan Chu Trinh", "Võ Thị Sáu", "Nguyễn Thị Minh Khai",
    "Hai Bà Trưng", "Nguyễn Văn Trỗi", "Lê Hồng Phong", "Ngô Quyền", "Đinh Tiên Hoàng", "Hoàng Hoa Thám",
    "Nguyễn Bỉnh Khiêm", "Lương Thế Vinh", "Tô Hiệu", "Kim Đồng", "Lê Văn Tám", "Bế Văn Đàn", "Nguyễn Đình Chiểu",
    "Trần Quốc Toản", "Lý Tự Trọng", "Nguyễn Khuyến", "Tô Hiến Thành", "Ngô Sĩ Liên", "Phan Đình Phùng",
    "Trần Nhân Tông", "Nguyễn Tất Thành", "Lê Thánh Tông", "Hùng Vương", "Phạm Ngũ Lão", "Yên Hòa", "Đoàn Kết",
)
COMMUNES = (
    "Kim Liên", "Quang Trung", "Tân Lập", "Đông Hòa", "Hòa Bình", "Thống Nhất", "Tân Tiến", "Quyết Thắng",
    "Nghĩa Tân", "Dịch Vọng", "Phúc Xá", "An Bình", "Tân Phú", "Phước Hòa", "Minh Khai", "Hưng Đạo", "Tân Hòa",
    "Xuân Phương", "Thanh Bình", "Đông Thọ", "Nam Sơn", "Bắc Sơn", "Trung Hòa", "Phú Lâm", "Hòa Khánh", "Vĩnh Phúc",
    "Long Thạnh", "Tân An", "Phú Mỹ", "Đại Đồng", "Hợp Thành", "Yên Thịnh", "Thạch Bàn", "Cự Khối", "Lĩnh Nam",
)
# Commune and ward names are mostly two auspicious words: "Tân Lập", "Phú Hòa", "Vĩnh Lộc".
COMMUNE_WORDS = (
    ("Tân", "Phú", "An", "Hòa", "Vĩnh", "Long", "Bình", "Xuân", "Đông", "Tây", "Nam", "Bắc", "Thanh", "Hưng",
     "Quang", "Minh", "Thạch", "Yên", "Phước", "Mỹ", "Hồng", "Đại", "Trung", "Kim"),
    ("Lập", "Hòa", "Phú", "Bình", "Thành", "Lộc", "Phước", "Hưng", "Thịnh", "Sơn", "Hải", "Lợi", "Tiến", "An",
     "Trung", "Đông", "Tây", "Xuân", "Mỹ", "Khánh", "Thuận", "Quý", "Định", "Long"),
)
DISTRICT_OFFICES = (
    "Chi cục Thuế", "Chi cục Thống kê", "Chi cục Thi hành án dân sự", "Kho bạc Nhà nước", "Phòng Giáo dục và Đào tạo",
    "Phòng Tài chính - Kế hoạch", "Phòng Tài nguyên và Môi trường", "Bảo hiểm xã hội",
    "Ban Quản lý dự án đầu tư xây dựng",
    "Trung tâm Văn hóa - Thông tin và Thể thao",
)
KINDERGARTENS = (
    "Hoa Sen", "Hoa Mai", "Hoa Hồng", "Sơn Ca", "Họa Mi", "Tuổi Thơ", "Ánh Dương", "Hướng Dương", "Bông Sen",
    "Hoa Phượng", "Sao Mai", "Vành Khuyên", "Búp Sen Hồng", "Hoa Ban",
)
INDUSTRIES = (
    "May", "May mặc", "Giày da", "Điện tử", "Linh kiện điện tử", "Cơ khí", "Cơ khí chính xác", "Xây dựng", "Thực phẩm",
    "Nhựa", "Bao bì", "Chế biến gỗ", "Vận tải", "Thép", "Dược phẩm", "Thủy sản", "Phân bón", "Vật liệu xây dựng",
    "Sợi", "Dệt", "Bê tông", "Cấp thoát nước", "Môi trường đô thị", "Chế biến nông sản", "Cơ điện lạnh", "In",
    "Thương mại và Dịch vụ", "Đầu tư và Phát triển", "Sữa", "Bánh kẹo", "Mía đường", "Xi măng", "Gạch men",
)
BRANDS = (
    "Hồng Hà", "Thành Công", "Minh Anh", "Phú Cường", "Tân Tiến", "Đại Dương", "Sao Mai", "Hoàng Long", "An Phát",
    "Việt Hưng", "Thắng Lợi", "Bình Minh", "Hưng Thịnh", "Toàn Thắng", "Phương Nam", "Trường Sơn", "Hòa Phát",
    "Đông Á", "Thái Bình Dương", "Kim Long", "Nam Việt", "Thiên Long", "Hữu Nghị", "Tiến Bộ", "Thăng Long",
    "Sông Hồng", "Hải Hà", "Quang Minh", "Phú Thành", "Hoàng Gia",
)
FDI_SYLLABLES = (
    ("Han", "Se", "Dong", "Kwang", "Sung", "Young", "Jin", "Hwa", "Woo", "Tae"),
    ("sol", "jin", "il", "a", "shin", "won", "yang", "kwang"),
)
SPECIALTIES = (
    "Sản - Nhi", "Lao và Bệnh phổi", "Tâm thần", "Y học cổ truyền", "Mắt", "Phục hồi chức năng", "Nội tiết",
    "Ung bướu", "Phụ sản", "Nhi",
)
DEPARTMENTS = (
    "Tài chính", "Kế hoạch và Đầu tư", "Nội vụ", "Tư pháp", "Công Thương", "Xây dựng", "Giao thông vận tải",
    "Tài nguyên và Môi trường", "Lao động - Thương binh và Xã hội", "Văn hóa, Thể thao và Du lịch",
    "Khoa học và Công nghệ", "Thông tin và Truyền thông", "Nông nghiệp và Phát triển nông thôn",
    "Giáo dục và Đào tạo", "Y tế",
)
DISCIPLINES = (
    "Khoa học Tự nhiên", "Khoa học Xã hội và Nhân văn", "Ngoại ngữ", "Công nghệ", "Kinh tế", "Giáo dục", "Y Dược",
    "Luật", "Sư phạm", "Nông Lâm", "Kỹ thuật Công nghiệp", "Bách khoa", "Công nghệ Thông tin", "Quốc tế",
)
DEFENCE_FACTORIES = (
    "Z111", "Z113", "Z115", "Z117", "Z119", "Z121", "Z125", "Z127", "Z129", "Z131", "Z143", "Z175", "Z176", "Z183",
    "Z189", "Z195",
)


@dataclass(frozen=True)
class SectorSpec:
    """How to grow a central sector union: its upper units and its grassroots names.

    ``named`` grassroots come first (directly under the sector), then ``templates`` are
    filled with places and vocabulary (see ``tree._Namer.sector_grassroots``).
    """

    uppers: tuple[str, ...]
    named: tuple[str, ...]
    templates: tuple[str, ...]
    direct_share: float


SECTORS: dict[str, SectorSpec] = {
    "S01": SectorSpec(
        uppers=(
            "Công đoàn Đại học Quốc gia Hà Nội", "Công đoàn Đại học Quốc gia Thành phố Hồ Chí Minh",
            "Công đoàn Đại học Huế", "Công đoàn Đại học Đà Nẵng", "Công đoàn Đại học Thái Nguyên",
        ),
        named=(
            "Công đoàn Trường Đại học Sư phạm Hà Nội", "Công đoàn Đại học Bách khoa Hà Nội",
            "Công đoàn Trường Đại học Kinh tế Quốc dân", "Công đoàn Trường Đại học Xây dựng Hà Nội",
            "Công đoàn Trường Đại học Thủy lợi", "Công đoàn Trường Đại học Mỏ - Địa chất",
            "Công đoàn Trường Đại học Cần Thơ", "Công đoàn Trường Đại học Vinh",
            "Công đoàn Trường Đại học Quy Nhơn", "Công đoàn Trường Đại học Tây Nguyên",
            "Công đoàn Trường Đại học Sư phạm Kỹ thuật Thành phố Hồ Chí Minh",
        ),
        templates=(
            "Công đoàn Trường Đại học {discipline}", "Công đoàn Trường Cao đẳng {discipline} {place}",
            "Công đoàn Khoa {discipline}", "Công đoàn Trường Trung học phổ thông Thực hành {commune}",
        ),
        direct_share=0.4,
    ),
    "S02": SectorSpec(
        uppers=(),
        named=(
            "Công đoàn Bệnh viện Bạch Mai", "Công đoàn Bệnh viện Chợ Rẫy", "Công đoàn Bệnh viện K",
            "Công đoàn Bệnh viện Nhi Trung ương", "Công đoàn Bệnh viện Hữu nghị Việt Đức",
            "Công đoàn Bệnh viện Trung ương Huế", "Công đoàn Bệnh viện E", "Công đoàn Bệnh viện Phổi Trung ương",
            "Công đoàn Bệnh viện Nội tiết Trung ương", "Công đoàn Bệnh viện Mắt Trung ương",
            "Công đoàn Bệnh viện Thống Nhất", "Công đoàn Viện Vệ sinh Dịch tễ Trung ương",
            "Công đoàn Bệnh viện Bệnh Nhiệt đới Trung ương",
        ),
        templates=(
            "Công đoàn Bệnh viện Đa khoa khu vực {place}", "Công đoàn Bệnh viện {specialty} khu vực {place}",
            "Công đoàn Trung tâm Y tế {district}", "Công đoàn Phòng khám Đa khoa khu vực {commune}",
        ),
        direct_share=1.0,
    ),
    "S03": SectorSpec(
        uppers=(
            "Công đoàn Tập đoàn Hóa chất Việt Nam", "Công đoàn Tổng công ty Thuốc lá Việt Nam",
            "Công đoàn Tổng công ty Máy động lực và Máy nông nghiệp Việt Nam",
            "Công đoàn Tổng công ty Giấy Việt Nam",
        ),
        named=(
            "Công đoàn Công ty Cổ phần Supe Phốt phát và Hóa chất Lâm Thao",
            "Công đoàn Công ty Cổ phần Pin Ắc quy miền Nam",
        ),
        templates=(
            "Công đoàn Công ty Cổ phần {industry} {place}", "Công đoàn Nhà máy {industry} {district_place}",
            "Công đoàn Công ty TNHH MTV {industry} {commune}",
        ),
        direct_share=0.3,
    ),
    "S04": SectorSpec(
        uppers=(
            "Công đoàn Tổng công ty Xây dựng Hà Nội", "Công đoàn Tổng công ty Sông Đà",
            "Công đoàn Tổng công ty Viglacera", "Công đoàn Tổng công ty Xi măng Việt Nam",
        ),
        named=("Công đoàn Công ty Xi măng Bỉm Sơn", "Công đoàn Công ty Xi măng Hoàng Thạch"),
        templates=(
            "Công đoàn Công ty Cổ phần Xây dựng số {n}", "Công đoàn Công ty Cổ phần {industry} {brand}",
            "Công đoàn Công ty Cổ phần Xây lắp {commune}", "Công đoàn Chi nhánh {industry} {district_place}",
        ),
        direct_share=0.3,
    ),
    "S05": SectorSpec(
        uppers=(
            "Công đoàn Tổng công ty Lương thực miền Bắc", "Công đoàn Tổng công ty Lương thực miền Nam",
            "Công đoàn Tổng công ty Lâm nghiệp Việt Nam",
        ),
        named=("Công đoàn Viện Khoa học Nông nghiệp Việt Nam",),
        templates=(
            "Công đoàn Công ty Lương thực {place}", "Công đoàn Công ty TNHH MTV Lâm nghiệp {district_place}",
            "Công đoàn Công ty Cổ phần Giống cây trồng {commune}",
        ),
        direct_share=0.3,
    ),
    "S06": SectorSpec(
        uppers=(
            "Công đoàn Tổng công ty Xây dựng Công trình Giao thông 1",
            "Công đoàn Tổng công ty Đường cao tốc Việt Nam",
            "Công đoàn Tổng công ty Xây dựng Công trình Giao thông 4",
        ),
        named=("Công đoàn Cục Đường bộ Việt Nam", "Công đoàn Cục Đường thủy nội địa Việt Nam"),
        templates=(
            "Công đoàn Công ty Cổ phần Quản lý và Xây dựng đường bộ {place}",
            "Công đoàn Công ty Cổ phần Cầu đường {brand}", "Công đoàn Hạt Quản lý đường bộ {district_place}",
            "Công đoàn Công ty Cổ phần Vận tải {commune}",
        ),
        direct_share=0.3,
    ),
    "S07": SectorSpec(
        uppers=(
            "Công đoàn Bộ Tài chính", "Công đoàn Bộ Tư pháp", "Công đoàn Bộ Khoa học và Công nghệ",
            "Công đoàn Bộ Tài nguyên và Môi trường", "Công đoàn Bộ Kế hoạch và Đầu tư",
        ),
        named=(
            "Công đoàn cơ quan Văn phòng Quốc hội", "Công đoàn cơ quan Văn phòng Chính phủ",
            "Công đoàn cơ quan Bộ Ngoại giao", "Công đoàn cơ quan Bộ Nội vụ",
        ),
        templates=(
            "Công đoàn Cục Thuế {province}", "Công đoàn Kho bạc Nhà nước {district}",
            "Công đoàn Chi cục Thuế {district}", "Công đoàn Chi cục Hải quan {commune}",
        ),
        direct_share=0.3,
    ),
    "S08": SectorSpec(
        uppers=(
            "Công đoàn Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam",
            "Công đoàn Ngân hàng TMCP Công Thương Việt Nam",
            "Công đoàn Ngân hàng TMCP Đầu tư và Phát triển Việt Nam",
            "Công đoàn Ngân hàng TMCP Ngoại thương Việt Nam",
        ),
        named=("Công đoàn cơ quan Ngân hàng Nhà nước Việt Nam", "Công đoàn Ngân hàng Chính sách xã hội"),
        templates=(
            "Công đoàn Ngân hàng chi nhánh {province}", "Công đoàn Ngân hàng chi nhánh {district}",
            "Công đoàn Phòng giao dịch {commune} chi nhánh {place}",
        ),
        direct_share=0.2,
    ),
    "S09": SectorSpec(
        uppers=(
            "Công đoàn Tổng cục Công nghiệp Quốc phòng", "Công đoàn Tổng công ty Trực thăng Việt Nam",
            "Công đoàn Tổng công ty Thái Sơn",
        ),
        named=tuple(f"Công đoàn Nhà máy {code}" for code in DEFENCE_FACTORIES),
        templates=(
            "Công đoàn Công ty TNHH MTV {industry} {brand}", "Công đoàn Xí nghiệp {industry} {place}",
            "Công đoàn Xí nghiệp {industry} {commune}",
        ),
        direct_share=0.5,
    ),
    "S10": SectorSpec(
        uppers=(),
        named=(
            "Công đoàn Bệnh viện 19-8", "Công đoàn Học viện An ninh nhân dân",
            "Công đoàn Học viện Cảnh sát nhân dân", "Công đoàn Trường Đại học Phòng cháy chữa cháy",
            "Công đoàn Nhà xuất bản Công an nhân dân",
        ),
        templates=(
            "Công đoàn Bệnh viện Công an {province}", "Công đoàn Trường Cao đẳng Cảnh sát nhân dân {n}",
            "Công đoàn Trại giam {commune}",
        ),
        direct_share=1.0,
    ),
    "S11": SectorSpec(
        uppers=("Công đoàn Tập đoàn Bưu chính Viễn thông Việt Nam", "Công đoàn Tổng công ty Viễn thông MobiFone"),
        named=("Công đoàn Trung tâm Internet Việt Nam", "Công đoàn Nhà xuất bản Thông tin và Truyền thông"),
        templates=(
            "Công đoàn Viễn thông {place}", "Công đoàn Trung tâm Kinh doanh {place}",
            "Công đoàn Trung tâm Viễn thông {district_place}",
        ),
        direct_share=0.2,
    ),
    "S12": SectorSpec(
        uppers=(
            "Công đoàn Tổng công ty Khí Việt Nam", "Công đoàn Tổng công ty Thăm dò Khai thác Dầu khí",
            "Công đoàn Tổng công ty Điện lực Dầu khí Việt Nam",
        ),
        named=("Công đoàn Liên doanh Việt - Nga Vietsovpetro", "Công đoàn Công ty TNHH MTV Lọc hóa dầu Bình Sơn"),
        templates=(
            "Công đoàn Công ty Xăng dầu {place}", "Công đoàn Công ty Cổ phần Dịch vụ Kỹ thuật Dầu khí {brand}",
            "Công đoàn Chi nhánh Xăng dầu {district_place}",
        ),
        direct_share=0.3,
    ),
    "S13": SectorSpec(
        uppers=(
            "Công đoàn Tổng công ty Điện lực miền Bắc", "Công đoàn Tổng công ty Điện lực miền Trung",
            "Công đoàn Tổng công ty Điện lực miền Nam", "Công đoàn Tổng công ty Điện lực Thành phố Hà Nội",
            "Công đoàn Tổng công ty Điện lực Thành phố Hồ Chí Minh",
            "Công đoàn Tổng công ty Truyền tải điện Quốc gia",
        ),
        named=("Công đoàn Công ty Thủy điện Hòa Bình", "Công đoàn Công ty Nhiệt điện Phả Lại"),
        templates=(
            "Công đoàn Công ty Điện lực {place}", "Công đoàn Điện lực {district_place}",
            "Công đoàn Công ty Cổ phần Thủy điện {commune}",
        ),
        direct_share=0.1,
    ),
    "S14": SectorSpec(
        uppers=("Công đoàn Tổng công ty Khoáng sản - TKV", "Công đoàn Tổng công ty Công nghiệp Hóa chất mỏ - Micco"),
        named=tuple(
            f"Công đoàn Công ty Than {name}"
            for name in (
                "Hà Lầm", "Vàng Danh", "Mạo Khê", "Hòn Gai", "Núi Béo", "Cao Sơn", "Cọc Sáu", "Đèo Nai",
                "Quang Hanh", "Dương Huy", "Hà Tu", "Khe Chàm", "Thống Nhất", "Nam Mẫu", "Uông Bí", "Hạ Long",
            )
        ),
        templates=(
            "Công đoàn Công ty Cổ phần Than {brand}", "Công đoàn Công ty Cổ phần Khoáng sản {place}",
            "Công đoàn Xí nghiệp Khai thác {commune}",
        ),
        direct_share=0.7,
    ),
    "S15": SectorSpec(
        uppers=(),
        named=(
            "Công đoàn Tổng công ty May 10", "Công đoàn Tổng công ty May Việt Tiến",
            "Công đoàn Tổng công ty May Nhà Bè", "Công đoàn Tổng công ty May Đức Giang",
            "Công đoàn Tổng công ty Cổ phần Dệt May Hòa Thọ", "Công đoàn Tổng công ty Cổ phần Phong Phú",
        ),
        templates=(
            "Công đoàn Công ty Cổ phần May {place}", "Công đoàn Công ty Cổ phần Sợi {brand}",
            "Công đoàn Công ty Cổ phần May {commune}",
        ),
        direct_share=1.0,
    ),
    "S16": SectorSpec(
        uppers=(),
        named=tuple(
            f"Công đoàn Công ty TNHH MTV Cao su {name}"
            for name in (
                "Phú Riềng", "Đồng Nai", "Dầu Tiếng", "Bình Long", "Lộc Ninh", "Chư Păh", "Mang Yang", "Krông Buk",
                "Chư Sê", "Ea H'leo", "Quảng Trị", "Hà Tĩnh", "Kon Tum",
            )
        ),
        templates=("Công đoàn Nông trường Cao su {district_place}", "Công đoàn Nông trường Cao su {commune}"),
        direct_share=1.0,
    ),
    "S17": SectorSpec(
        uppers=(),
        named=(
            "Công đoàn Công ty Cổ phần Vận tải Đường sắt Hà Nội",
            "Công đoàn Công ty Cổ phần Vận tải Đường sắt Sài Gòn",
            "Công đoàn Công ty Cổ phần Thông tin Tín hiệu Đường sắt Hà Nội",
        ),
        templates=("Công đoàn Công ty Cổ phần Đường sắt {place}", "Công đoàn Ga {place}", "Công đoàn Ga {commune}"),
        direct_share=1.0,
    ),
    "S18": SectorSpec(
        uppers=(
            "Công đoàn Tổng công ty Hàng không Việt Nam", "Công đoàn Tổng công ty Cảng hàng không Việt Nam",
            "Công đoàn Tổng công ty Quản lý bay Việt Nam",
        ),
        named=("Công đoàn Đoàn Tiếp viên", "Công đoàn Đoàn bay 919", "Công đoàn Công ty TNHH Kỹ thuật máy bay"),
        templates=(
            "Công đoàn Cảng hàng không {place}", "Công đoàn Công ty Cổ phần Dịch vụ Hàng không {brand}",
            "Công đoàn Trạm Kiểm soát không lưu {commune}",
        ),
        direct_share=0.3,
    ),
    "S19": SectorSpec(
        uppers=(),
        named=("Công đoàn Trung tâm Khai thác Vận chuyển", "Công đoàn Bưu điện Trung ương"),
        templates=("Công đoàn Bưu điện {province}", "Công đoàn Bưu điện {district}"),
        direct_share=1.0,
    ),
    "S20": SectorSpec(
        uppers=(),
        named=("Công đoàn Công ty Cổ phần Cảng Hải Phòng", "Công đoàn Công ty Cổ phần Cảng Quảng Ninh"),
        templates=(
            "Công đoàn Công ty Cổ phần Cảng {place}", "Công đoàn Công ty Cổ phần Vận tải biển {brand}",
            "Công đoàn Công ty Cổ phần Hoa tiêu {commune}",
        ),
        direct_share=0.8,
    ),
}
GENERIC_SECTOR = SectorSpec(
    uppers=(), named=(), templates=("Công đoàn Công ty Cổ phần {industry} {brand}",), direct_share=1.0
)


@dataclass(frozen=True)
class FieldText:
    """Fragments an initiative of one field is written from.

    A title is ``opener + object [+ purpose]``; ``results`` take the numbers ``{p}``
    (a percentage), ``{pp}`` (a high percentage), ``{a}`` > ``{b}``, ``{d1}`` > ``{d2}``,
    ``{m}`` (months) and ``{n}`` (a count).
    """

    openers: tuple[str, ...]
    objects: tuple[str, ...]
    purposes: tuple[str, ...]
    problems: tuple[str, ...]
    solutions: tuple[str, ...]
    results: tuple[str, ...]


FIELD_TEXTS: dict[str, FieldText] = {
    "engineering": FieldText(
        openers=("Cải tiến", "Sáng kiến cải tiến", "Đổi mới", "Hoàn thiện", "Thiết kế, chế tạo lại", "Nâng cấp"),
        objects=(
            "quy trình kiểm tra chất lượng đường may", "đồ gá hàn khung xe máy", "hệ thống đường ống dẫn khí nén",
            "băng tải cấp liệu dây chuyền đóng gói", "khuôn ép nhựa nhiều lòng khuôn",
            "quy trình bảo dưỡng máy nén khí",
            "cơ cấu cấp phôi tự động cho máy dập", "cữ gấp mép trên máy may một kim", "dây chuyền sơn tĩnh điện",
            "hệ thống xử lý nước thải sản xuất", "quy trình thay khuôn nhanh", "thiết bị thu hồi nhiệt thải lò hơi",
            "máy cắt vải tự động", "hệ thống chiếu sáng nhà xưởng", "tủ điều khiển trạm bơm",
            "đường dây trung thế 22 kV", "quy trình vận hành lò nung clinker", "bộ phận kéo căng sợi trên máy dệt",
            "cách bố trí chuyền may theo dòng chảy sản phẩm", "quy trình sấy gỗ rừng trồng",
        ),
        purposes=(
            "nhằm nâng cao năng suất lao động", "giúp tăng năng suất và giảm tỷ lệ sản phẩm lỗi",
            "giúp tiết kiệm điện năng", "để giảm thời gian dừng máy", "bảo đảm an toàn cho người lao động",
            "giảm tiêu hao nguyên vật liệu", "góp phần giảm chi phí sản xuất",
        ),
        problems=(
            "Công đoạn này trước đây làm thủ công, phụ thuộc nhiều vào tay nghề công nhân nên năng suất thấp"
            " và chất lượng không đồng đều.",
            "Thiết bị cũ thường xuyên hỏng vặt, mỗi tháng phải dừng máy nhiều lần để sửa chữa.",
            "Tỷ lệ sản phẩm lỗi phải làm lại ở công đoạn cuối còn cao, gây lãng phí nguyên liệu và thời gian.",
            "Lượng điện năng và nhiên liệu tiêu thụ lớn trong khi giá năng lượng tăng.",
            "Thao tác lặp lại nhiều lần gây mệt mỏi và tiềm ẩn nguy cơ mất an toàn cho người lao động.",
        ),
        solutions=(
            "Khảo sát toàn bộ công đoạn, đo thời gian từng thao tác và xác định điểm nghẽn.",
            "Thiết kế, gia công bộ gá mới từ vật tư sẵn có tại xưởng, lắp thử trên một chuyền trước khi nhân rộng.",
            "Bổ sung cảm biến và rơ-le thời gian để tự động hóa khâu cấp phôi, giảm thao tác thừa.",
            "Xây dựng lại hướng dẫn vận hành, bảo dưỡng và tổ chức đào tạo lại cho công nhân vận hành.",
            "Sắp xếp lại mặt bằng theo dòng chảy sản phẩm, rút ngắn quãng đường vận chuyển bán thành phẩm.",
        ),
        results=(
            "Sau {m} tháng áp dụng, năng suất lao động của chuyền tăng {p}%",
            "Tỷ lệ sản phẩm lỗi giảm {p}%, thời gian thay khuôn rút ngắn từ {a} xuống còn {b} phút",
            "Điện năng tiêu thụ giảm khoảng {p}% so với trước khi áp dụng",
            "Thời gian dừng máy mỗi tháng giảm từ {a} xuống còn {b} giờ",
        ),
    ),
    "education": FieldText(
        openers=(
            "Đổi mới", "Một số biện pháp nâng cao hiệu quả", "Sáng kiến cải tiến", "Ứng dụng công nghệ thông tin trong",
            "Nâng cao chất lượng",
        ),
        objects=(
            "phương pháp dạy học môn Toán lớp 9", "hoạt động trải nghiệm cho học sinh lớp 5",
            "hình thức kiểm tra, đánh giá môn Ngữ văn", "công tác chủ nhiệm lớp",
            "dạy học trực tuyến trong thời gian giãn cách", "việc rèn kỹ năng đọc hiểu cho học sinh tiểu học",
            "việc sử dụng đồ dùng dạy học môn Vật lý tự làm", "hoạt động thư viện trường học",
            "công tác bồi dưỡng học sinh giỏi", "việc cho trẻ mẫu giáo làm quen với chữ cái",
            "dạy học môn Tiếng Anh theo dự án", "công tác tư vấn tâm lý học đường",
            "phối hợp giữa nhà trường và cha mẹ học sinh", "dạy học STEM môn Khoa học tự nhiên",
            "giáo dục kỹ năng an toàn giao thông trên đường đến trường",
        ),
        purposes=(
            "nhằm nâng cao chất lượng giáo dục", "theo hướng phát triển năng lực học sinh",
            "đáp ứng Chương trình giáo dục phổ thông 2018", "góp phần giảm tỷ lệ học sinh yếu kém",
            "phù hợp với điều kiện của nhà trường",
        ),
        problems=(
            "Nhiều học sinh còn thụ động, ngại phát biểu và chưa hứng thú với môn học.",
            "Thời gian học trực tuyến kéo dài khiến chất lượng tiếp thu của học sinh giảm rõ rệt.",
            "Đồ dùng dạy học được cấp còn thiếu, nhiều thiết bị đã hỏng, không đáp ứng chương trình mới.",
            "Kết quả khảo sát đầu năm cho thấy tỷ lệ học sinh chưa đạt yêu cầu còn cao.",
            "Việc trao đổi thông tin giữa giáo viên và cha mẹ học sinh chưa thường xuyên, kịp thời.",
        ),
        solutions=(
            "Thiết kế lại kế hoạch bài dạy theo chủ đề, tăng thời lượng cho học sinh thực hành và thảo luận nhóm.",
            "Xây dựng ngân hàng câu hỏi, phiếu học tập điện tử dùng chung cho cả tổ chuyên môn.",
            "Tự làm đồ dùng dạy học từ vật liệu tái chế, tổ chức cho học sinh cùng tham gia chế tạo.",
            "Tổ chức câu lạc bộ theo chủ đề và giao nhiệm vụ học tập phân hóa theo năng lực.",
            "Lập nhóm liên lạc với cha mẹ học sinh, gửi nhận xét định kỳ hằng tuần.",
        ),
        results=(
            "Tỷ lệ học sinh đạt điểm khá, giỏi tăng {p}% so với năm học trước",
            "{pp}% học sinh được khảo sát cho biết hứng thú hơn với môn học",
            "Tiết kiệm khoảng {b} giờ soạn giảng mỗi tháng cho giáo viên trong tổ",
            "Số học sinh đạt giải học sinh giỏi cấp huyện tăng từ {b} lên {a} em",
        ),
    ),
    "health": FieldText(
        openers=("Cải tiến", "Đổi mới", "Sáng kiến cải tiến", "Chuẩn hóa", "Nâng cao chất lượng"),
        objects=(
            "quy trình tiếp đón người bệnh tại khoa Khám bệnh", "quy trình tiệt khuẩn dụng cụ phẫu thuật",
            "quy trình cấp phát thuốc nội trú", "công tác chăm sóc người bệnh sau phẫu thuật",
            "quy trình lấy mẫu xét nghiệm máu", "việc theo dõi đường huyết cho người bệnh đái tháo đường",
            "quy trình quản lý chất thải y tế", "công tác truyền thông giáo dục sức khỏe",
            "quy trình hẹn khám qua tổng đài", "cách bố trí xe tiêm an toàn",
            "quy trình bàn giao người bệnh giữa các ca trực", "kỹ thuật cố định ống thông dạ dày",
        ),
        purposes=(
            "nhằm giảm thời gian chờ của người bệnh", "góp phần nâng cao chất lượng khám, chữa bệnh",
            "bảo đảm an toàn người bệnh", "giảm nguy cơ nhiễm khuẩn bệnh viện", "nâng cao sự hài lòng của người bệnh",
        ),
        problems=(
            "Người bệnh phải chờ lâu ở nhiều khâu, gây quá tải cục bộ vào giờ cao điểm buổi sáng.",
            "Quy trình cũ còn nhiều bước thủ công, dễ nhầm lẫn khi số lượng người bệnh tăng.",
            "Tỷ lệ sai sót trong bàn giao, ghi chép hồ sơ còn cao.",
            "Chi phí vật tư tiêu hao lớn, một số vật tư phải nhập khẩu.",
            "Người bệnh và người nhà chưa nắm được cách tự theo dõi, chăm sóc tại nhà.",
        ),
        solutions=(
            "Phân luồng người bệnh theo mức độ ưu tiên, bố trí thêm bàn tiếp đón vào giờ cao điểm.",
            "Xây dựng bảng kiểm từng bước, niêm yết tại khoa và tập huấn cho toàn bộ điều dưỡng.",
            "Thiết kế phiếu theo dõi mới, gộp các biểu mẫu trùng lặp.",
            "Tự chế dụng cụ hỗ trợ từ vật tư sẵn có, bảo đảm tiêu chuẩn vô khuẩn.",
            "Biên soạn tờ rơi, video hướng dẫn ngắn phát trên màn hình tại khu chờ.",
        ),
        results=(
            "Thời gian chờ khám trung bình giảm từ {a} xuống còn {b} phút",
            "Tỷ lệ hài lòng của người bệnh đạt {pp}%",
            "Không ghi nhận sai sót chuyên môn liên quan trong {m} tháng áp dụng",
            "Tiết kiệm khoảng {p}% chi phí vật tư tiêu hao",
        ),
    ),
    "covid19": FieldText(
        openers=("Thiết kế, chế tạo", "Xây dựng", "Cải tiến", "Đổi mới", "Ứng dụng"),
        objects=(
            "buồng khử khuẩn di động", "quy trình sàng lọc, phân luồng người ra vào",
            "mô hình “3 tại chỗ” trong sản xuất", "hệ thống khai báo y tế bằng mã QR",
            "máy rửa tay tự động không chạm", "quy trình xét nghiệm nhanh kháng nguyên cho người lao động",
            "phương án bố trí ca làm việc an toàn", "buồng lấy mẫu xét nghiệm áp lực dương",
            "bếp ăn tập thể có vách ngăn", "mô hình “Luồng xanh” vận chuyển hàng hóa",
            "khu cách ly tạm thời tại doanh nghiệp",
        ),
        purposes=(
            "phục vụ phòng, chống dịch Covid-19", "bảo đảm an toàn cho người lao động trong thời gian dịch bệnh",
            "giúp duy trì sản xuất trong điều kiện dịch bệnh", "góp phần chiến thắng đại dịch Covid-19",
        ),
        problems=(
            "Dịch Covid-19 diễn biến phức tạp, đơn vị có nguy cơ phải dừng hoạt động nếu xuất hiện ca nhiễm.",
            "Việc kiểm soát người ra vào làm thủ công, gây ùn tắc vào đầu ca và khó truy vết.",
            "Thiết bị phòng dịch trên thị trường khan hiếm, giá cao.",
            "Người lao động lo lắng, tâm lý không ổn định khi làm việc trong thời gian dịch bệnh.",
        ),
        solutions=(
            "Chế tạo thiết bị từ vật tư sẵn có tại đơn vị, chi phí chỉ bằng khoảng một phần ba thiết bị cùng loại"
            " trên thị trường.",
            "Chia người lao động thành các nhóm làm việc độc lập, bố trí lối đi và giờ ăn riêng cho từng nhóm.",
            "Xây dựng biểu mẫu khai báo trực tuyến, in mã QR dán tại các cổng ra vào.",
            "Lập tổ an toàn Covid-19, tổ chức xét nghiệm định kỳ và phương án xử lý khi có ca nhiễm.",
        ),
        results=(
            "Đơn vị duy trì hoạt động liên tục trong {m} tháng cao điểm dịch, không có ca lây nhiễm chéo",
            "Thời gian kiểm soát ra vào đầu ca giảm từ {a} xuống còn {b} phút",
            "Chi phí giảm khoảng {p}% so với thiết bị mua sẵn",
            "Bảo đảm việc làm, thu nhập cho {n} người lao động trong thời gian giãn cách",
        ),
    ),
    "administration": FieldText(
        openers=("Cải tiến", "Đơn giản hóa", "Đổi mới", "Chuẩn hóa", "Sáng kiến cải tiến"),
        objects=(
            "quy trình tiếp nhận và trả kết quả hồ sơ một cửa", "quy trình luân chuyển văn bản",
            "công tác lưu trữ hồ sơ", "quy trình giải quyết thủ tục đăng ký kinh doanh",
            "thủ tục xác nhận sổ bảo hiểm xã hội", "quy trình thẩm định dự án đầu tư",
            "công tác quản lý tài sản công", "quy trình thanh toán, quyết toán kinh phí",
            "quy trình cấp giấy phép xây dựng", "công tác tiếp công dân",
        ),
        purposes=(
            "nhằm giảm thời gian giải quyết thủ tục cho người dân, doanh nghiệp", "góp phần cải cách hành chính",
            "nâng cao năng suất lao động của cán bộ, công chức", "tiết kiệm chi phí văn phòng phẩm",
        ),
        problems=(
            "Hồ sơ phải qua nhiều khâu trung gian, thời gian giải quyết thường vượt quy định.",
            "Văn bản giấy luân chuyển chậm, khó tra cứu và dễ thất lạc.",
            "Người dân phải đi lại nhiều lần để bổ sung giấy tờ.",
            "Khối lượng công việc tăng trong khi biên chế không đổi.",
        ),
        solutions=(
            "Rà soát, cắt giảm các bước trung gian không cần thiết và quy định rõ thời hạn từng khâu.",
            "Số hóa biểu mẫu, hướng dẫn người dân nộp hồ sơ trực tuyến.",
            "Lập danh mục hồ sơ mẫu, niêm yết công khai và hướng dẫn một lần đầy đủ.",
            "Phân công lại nhiệm vụ theo nhóm việc, theo dõi tiến độ bằng bảng tổng hợp dùng chung.",
        ),
        results=(
            "Thời gian giải quyết hồ sơ giảm từ {d1} ngày xuống còn {d2} ngày",
            "Tiết kiệm khoảng {p}% chi phí giấy tờ, văn phòng phẩm", "{pp}% hồ sơ được giải quyết trước hạn",
            "Số lượt người dân phải đi lại bổ sung hồ sơ giảm {p}%",
        ),
    ),
    "digital": FieldText(
        openers=("Xây dựng", "Ứng dụng", "Phát triển", "Triển khai", "Xây dựng và vận hành"),
        objects=(
            "phần mềm quản lý đoàn viên công đoàn", "hệ thống quản lý văn bản điện tử",
            "ứng dụng theo dõi tiến độ sản xuất trên điện thoại", "kho học liệu số dùng chung", "sổ liên lạc điện tử",
            "hệ thống chấm công bằng nhận diện khuôn mặt", "bản đồ số quản lý lưới điện",
            "phần mềm quản lý kho vật tư", "hồ sơ bệnh án điện tử", "cổng tiếp nhận phản ánh của người lao động",
            "chữ ký số trong giao dịch nội bộ", "bảng điều khiển số liệu thời gian thực",
        ),
        purposes=(
            "phục vụ chuyển đổi số tại đơn vị", "nhằm nâng cao năng suất, hiệu quả công việc", "thay thế sổ sách giấy",
            "giúp quản lý minh bạch, kịp thời",
        ),
        problems=(
            "Dữ liệu còn quản lý trên sổ sách và nhiều tệp bảng tính rời rạc, khó tổng hợp.",
            "Báo cáo định kỳ mất nhiều ngày công để tổng hợp thủ công.",
            "Thông tin không được cập nhật kịp thời cho các bộ phận liên quan.",
            "Tra cứu lịch sử hồ sơ mất nhiều thời gian.",
        ),
        solutions=(
            "Phân tích nghiệp vụ, thiết kế cơ sở dữ liệu dùng chung và phân quyền theo bộ phận.",
            "Sử dụng nền tảng mã nguồn mở, tự xây dựng các chức năng cần thiết với chi phí thấp.",
            "Chuẩn hóa và nhập toàn bộ dữ liệu cũ, tập huấn cho người sử dụng.",
            "Kết nối với các phần mềm sẵn có để tránh nhập liệu trùng lặp.",
        ),
        results=(
            "Năng suất xử lý công việc tăng {p}%, dữ liệu được cập nhật tức thời", "Thay thế {m} loại sổ sách giấy",
            "Thời gian lập báo cáo định kỳ giảm từ {a} giờ xuống còn {b} giờ",
            "Tiết kiệm khoảng {p}% chi phí in ấn mỗi năm",
        ),
    ),
    "science_technology": FieldText(
        openers=("Nghiên cứu, chế tạo", "Ứng dụng", "Nghiên cứu, ứng dụng", "Hoàn thiện công nghệ"),
        objects=(
            "chế phẩm sinh học xử lý rác thải hữu cơ", "quy trình nhân giống cây lâm nghiệp bằng nuôi cấy mô",
            "thiết bị đo độ ẩm nông sản", "vật liệu cách nhiệt từ phế phẩm nông nghiệp",
            "quy trình sản xuất phân bón hữu cơ vi sinh", "hệ thống tưới nhỏ giọt điều khiển từ xa",
            "mô hình điện mặt trời áp mái", "robot kiểm tra đường ống", "cảm biến cảnh báo rò rỉ khí",
            "quy trình sản xuất đường kính trắng tiết kiệm năng lượng",
        ),
        purposes=(
            "nhằm nâng cao năng suất", "góp phần bảo vệ môi trường", "giảm chi phí nhập khẩu thiết bị",
            "phù hợp điều kiện sản xuất trong nước",
        ),
        problems=(
            "Thiết bị nhập khẩu có giá thành cao, thời gian bảo hành, sửa chữa kéo dài.",
            "Phế phẩm sản xuất chưa được tận dụng, gây ô nhiễm môi trường.",
            "Quy trình hiện tại tiêu tốn nhiều năng lượng, năng suất thấp.",
            "Việc kiểm tra, đo đạc thực hiện thủ công, độ chính xác chưa cao.",
        ),
        solutions=(
            "Nghiên cứu tài liệu, thử nghiệm nhiều phương án trong phòng thí nghiệm trước khi áp dụng thực tế.",
            "Chế tạo mẫu thử bằng linh kiện trong nước, hiệu chỉnh qua nhiều đợt chạy thử.",
            "Phối hợp với viện nghiên cứu, trường đại học để hoàn thiện quy trình.",
            "Tự động hóa khâu đo và ghi số liệu, cảnh báo qua điện thoại khi vượt ngưỡng.",
        ),
        results=(
            "Chi phí giảm khoảng {p}% so với thiết bị nhập khẩu", "Năng suất tăng {p}% sau {m} tháng áp dụng",
            "Tận dụng được {n} tấn phế phẩm mỗi năm", "Độ chính xác của phép đo đạt {pp}%",
        ),
    ),
    "other": FieldText(
        openers=("Đổi mới", "Xây dựng", "Nâng cao hiệu quả", "Triển khai"),
        objects=(
            "mô hình “Bữa cơm công đoàn”", "cách tổ chức phong trào thi đua lao động giỏi",
            "công tác chăm lo đời sống đoàn viên", "mô hình “Tủ sách công đoàn”", "quy trình phân loại rác tại nguồn",
            "phong trào văn hóa, thể thao trong đoàn viên", "cách tổ chức đối thoại tại nơi làm việc",
            "mô hình nhà trọ công đoàn cho công nhân", "chương trình “Tết Sum vầy” cho người lao động",
            "công tác phát triển đoàn viên",
        ),
        purposes=(
            "góp phần xây dựng tổ chức công đoàn vững mạnh", "nhằm chăm lo tốt hơn cho đoàn viên, người lao động",
            "tạo động lực thi đua lao động sản xuất",
        ),
        problems=(
            "Hoạt động công đoàn còn hình thức, chưa thu hút được đoàn viên tham gia.",
            "Đời sống của một bộ phận người lao động còn nhiều khó khăn sau dịch bệnh.",
            "Tỷ lệ đoàn viên tham gia các phong trào thi đua còn thấp.",
        ),
        solutions=(
            "Khảo sát nhu cầu của đoàn viên, thiết kế hoạt động phù hợp theo từng nhóm.",
            "Vận động doanh nghiệp, nhà hảo tâm cùng đóng góp nguồn lực.",
            "Giao cho tổ công đoàn chủ động tổ chức, công đoàn cơ sở theo dõi, hỗ trợ.",
        ),
        results=(
            "Số đoàn viên tham gia tăng {p}% so với năm trước",
            "{n} đoàn viên, người lao động được hỗ trợ trực tiếp", "Phát triển thêm {n} đoàn viên mới",
        ),
    ),
}
SUMMARY_LEADS = (
    "Sáng kiến đề xuất cách làm mới đối với", "Tác giả đã nghiên cứu, cải tiến", "Giải pháp tập trung hoàn thiện",
    "Sáng kiến hướng tới đổi mới",
)
APPLICATION_CONDITIONS = (
    "Áp dụng được tại các đơn vị có điều kiện làm việc tương tự.",
    "Không cần đầu tư thêm thiết bị; cần tập huấn cho người thực hiện trong một đến hai buổi.",
    "Cần bố trí một khoản kinh phí nhỏ ban đầu để mua vật tư.", "Có thể nhân rộng trong toàn ngành.",
)
BENEFIT_REMARKS = (
    "Giải pháp được người lao động đồng tình hưởng ứng, có thể nhân rộng.",
    "Môi trường làm việc được cải thiện, người lao động yên tâm gắn bó với đơn vị.",
    "Góp phần nâng cao năng suất lao động và hình ảnh của đơn vị.",
)

# Fields each kind of workplace writes about (relative weights).
PROFILE_FIELDS: dict[str, dict[str, int]] = {
    "school": {"education": 6, "digital": 2, "administration": 1, "covid19": 1, "other": 1},
    "health": {"health": 6, "covid19": 3, "digital": 1, "science_technology": 1, "administration": 1},
    "public": {"digital": 3, "administration": 3, "science_technology": 2, "other": 2, "covid19": 1},
    "enterprise": {"engineering": 6, "science_technology": 2, "covid19": 2, "digital": 1, "other": 1},
    "agency": {"administration": 6, "digital": 3, "covid19": 1, "other": 1},
}
# Which workplaces the members of each category work at (relative weights).
CATEGORY_PROFILES: dict[str, dict[str, int]] = {
    SubmitterCategory.PUBLIC_SERVICE: {"school": 55, "health": 30, "public": 15},
    SubmitterCategory.ENTERPRISE: {"enterprise": 1},
    SubmitterCategory.CIVIL_SERVANT: {"agency": 1},
    SubmitterCategory.UNION_OFFICIAL: {"school": 30, "health": 15, "public": 5, "enterprise": 35, "agency": 15},
}
# Keywords of unit names (folded) telling the kind of workplace; the first match wins.
PROFILE_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("agency", (" co quan ",)),
    ("school", (" truong ", " hoc vien ", " dai hoc ", " giao duc ", " khoa ")),
    ("health", (" benh vien ", " y te ", " kiem soat benh tat ", " ve sinh dich te ", " phong kham ")),
    ("enterprise", (" cong ty ", " nha may ", " xi nghiep ", " ngan hang ", " chi nhanh ", " cang ", " dien luc ",
                    " vien thong ", " buu dien ", " nong truong ", " doan bay ", " doan tiep vien ", " ga ")),
    ("agency", (" uy ban ", " van phong ", " vien chuc ", " chi cuc ", " kho bac ", " cuc ", " so ", " bo ",
                " phong ", " ban quan ly ", " bao hiem ", " trai giam ", " tram ")),
    ("public", (" bao ", " dai phat thanh ", " nha xuat ban ", " vien ", " trung tam ")),
)
JOB_TITLES: dict[str, tuple[str, ...]] = {
    "school": ("Giáo viên", "Giáo viên chủ nhiệm", "Tổ trưởng chuyên môn", "Nhân viên thư viện", "Kế toán"),
    "health": ("Bác sĩ", "Điều dưỡng", "Kỹ thuật viên xét nghiệm", "Dược sĩ", "Hộ sinh", "Điều dưỡng trưởng khoa"),
    "public": ("Phóng viên", "Biên tập viên", "Kỹ thuật viên", "Chuyên viên", "Nghiên cứu viên"),
    "enterprise": (
        "Công nhân may", "Công nhân vận hành máy", "Công nhân cơ khí", "Công nhân điện", "Tổ trưởng sản xuất",
        "Kỹ thuật viên", "Kỹ sư", "Nhân viên kiểm tra chất lượng",
    ),
    "agency": ("Chuyên viên", "Cán sự", "Kế toán viên", "Thanh tra viên", "Văn thư"),
}
UNION_TITLES = (
    "Chủ tịch Công đoàn cơ sở", "Phó Chủ tịch Công đoàn cơ sở", "Ủy viên Ban Chấp hành Công đoàn cơ sở",
    "Tổ trưởng công đoàn",
)
MANAGEMENT_TITLES = frozenset(
    {"Tổ trưởng chuyên môn", "Điều dưỡng trưởng khoa", "Tổ trưởng sản xuất", "Chủ tịch Công đoàn cơ sở",
     "Phó Chủ tịch Công đoàn cơ sở"}
)
PRODUCTION_TITLES = frozenset(
    {"Công nhân may", "Công nhân vận hành máy", "Công nhân cơ khí", "Công nhân điện", "Tổ trưởng sản xuất"}
)
QUALIFICATIONS: dict[str, tuple[str, ...]] = {
    "school": ("Cử nhân Sư phạm", "Thạc sĩ", "Cao đẳng Sư phạm"),
    "health": ("Bác sĩ đa khoa", "Bác sĩ chuyên khoa I", "Cử nhân Điều dưỡng", "Dược sĩ đại học", "Thạc sĩ Y học"),
    "public": ("Cử nhân", "Thạc sĩ", "Kỹ sư"),
    "enterprise": (
        "Công nhân bậc 3/7", "Công nhân bậc 4/7", "Công nhân bậc 5/7", "Trung cấp nghề", "Cao đẳng", "Kỹ sư",
    ),
    "agency": ("Cử nhân", "Thạc sĩ", "Cử nhân Luật", "Cử nhân Kinh tế"),
}
RETURN_COMMENTS = (
    "Đề nghị bổ sung số liệu chứng minh hiệu quả áp dụng.",
    "Đề nghị bổ sung quyết định công nhận sáng kiến của đơn vị.",
    "Phần mô tả giải pháp còn sơ sài, đề nghị làm rõ các bước thực hiện.",
    "Đề nghị ghi rõ tỷ lệ đóng góp của các đồng tác giả.", "Đề nghị bổ sung ước tính giá trị làm lợi.",
)
REJECTIONS: tuple[tuple[str, str], ...] = (
    (RejectReason.DUPLICATE, "Trùng với sáng kiến đã gửi trước đó của cùng đơn vị."),
    (RejectReason.NOT_AN_INITIATIVE, "Nội dung là nhiệm vụ chuyên môn thường xuyên, chưa phải giải pháp mới."),
    (RejectReason.INCOMPLETE, "Hồ sơ chưa đầy đủ sau khi đã đề nghị bổ sung."),
    (RejectReason.OTHER, "Sáng kiến chưa được áp dụng thực tế tại đơn vị."),
)
VERIFY_COMMENTS = ("", "", "Đã xác minh tại đơn vị.", "Sáng kiến đã được Hội đồng sáng kiến cơ sở công nhận.")
APPROVE_COMMENTS = ("", "Công nhận sáng kiến.", "Đồng ý công nhận, đề nghị nhân rộng.")
WITHDRAW_COMMENTS = ("", "Rút để hoàn thiện thêm.", "Gửi nhầm, sẽ gửi lại bản đầy đủ.")
# Submissions by hour of the local day: office hours, and evenings after the shift.
HOUR_WEIGHTS = (0.2, 0.1, 0.05, 0.05, 0.05, 0.2, 0.5, 2, 4, 4, 4, 4, 2, 4, 4, 4, 4, 3, 2, 2.5, 2.5, 2.5, 1.5, 0.8)
# fmt: on


def person_name(rng: random.Random) -> str:
    """A plausible Vietnamese full name (surname, middle name, given name)."""
    surname = rng.choices(tuple(SURNAMES), weights=tuple(SURNAMES.values()))[0]
    if rng.random() < 0.5:
        return f"{surname} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}"
    return f"{surname} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}"


def commune_name(rng: random.Random) -> str:
    """A plausible commune or ward name ("Tân Lập", "Phú Hòa")."""
    if rng.random() < 0.3:
        return rng.choice(COMMUNES)
    first, second = COMMUNE_WORDS
    word = rng.choice(first)
    other = rng.choice([candidate for candidate in second if candidate != word])
    return f"{word} {other}"


def workplace_of(unit_name: str) -> str:
    """The workplace behind a grassroots union: "Công đoàn Công ty X" → "Công ty X"."""
    rest = unit_name.removeprefix("Công đoàn ").strip()
    return rest[:1].upper() + rest[1:] if rest else unit_name


def top_weight(code: str, kind: str) -> float:
    """The relative size of a province or sector."""
    default = DEFAULT_PROVINCE_WEIGHT if kind == UnitKind.PROVINCE else DEFAULT_SECTOR_WEIGHT
    return TOP_WEIGHTS.get(code, default)
